import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { defaultModelConfig } from '../core/config/modelConfig';
import { defaultProtocolConfig } from '../core/eval/protocols';
import type { FeatureGroup } from '../core/features/groups';
import type { ModelConfig, ModelKind, NoiseModel, SolverMethod } from '../core/config/types';
import type { ProtocolConfig, ProtocolName } from '../core/eval/types';
import type { RunRequest } from '../shared/run';

/** Options a command accepts (from tests or other extensions); unset ones come from the settings. */
export interface TrainOptions {
  readonly dataFolder?: string;
  readonly model?: ModelKind;
  readonly method?: SolverMethod;
  readonly rank?: number;
  readonly iterations?: number;
  readonly features?: readonly FeatureGroup[];
  readonly protocol?: ProtocolName;
  readonly folds?: number;
  readonly repeats?: number;
  readonly testFraction?: number;
  readonly seed?: number;
  /** Compare only: overrides of the SVD baseline. */
  readonly baseline?: Partial<ModelConfig>;
  /** Open the Training panel (default true). */
  readonly showPanel?: boolean;
}

const SECTION = 'recommenderLab';

function setting<T>(name: string): T | undefined {
  const value = vscode.workspace.getConfiguration(SECTION).get<T | null>(name);
  return value === null || value === '' ? undefined : value;
}

/** Drops undefined values, so they do not override the engine's defaults. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

export function configuredDataFolder(): string | undefined {
  return setting<string>('dataFolder');
}

export function configuredDownloadUrl(): string | undefined {
  return setting<string>('downloadUrl');
}

/** The model asked for: options first, then settings, then the engine's defaults. */
export function modelConfig(kind: ModelKind, options: TrainOptions): ModelConfig {
  const seed = options.seed ?? setting<number>('seed');
  if (kind === 'svd') return defaultModelConfig('svd', defined({ rank: options.rank ?? setting<number>('rank'), seed }));
  return defaultModelConfig(
    'fm',
    defined({
      method: options.method ?? setting<SolverMethod>('method'),
      rank: options.rank ?? setting<number>('rank'),
      iterations: options.iterations ?? setting<number>('iterations'),
      features: options.features ?? setting<FeatureGroup[]>('features'),
      noise: setting<NoiseModel>('noise'),
      seed,
    }),
  );
}

export function protocolConfig(options: TrainOptions): ProtocolConfig {
  return defaultProtocolConfig(
    defined({
      protocol: options.protocol ?? setting<ProtocolName>('protocol'),
      folds: options.folds ?? setting<number>('folds'),
      repeats: options.repeats ?? setting<number>('repeats'),
      testFraction: options.testFraction,
      seed: options.seed ?? setting<number>('seed'),
    }),
  );
}

/** A run id that sorts by time and is safe as a folder name. */
export function newRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
}

/** "Train FM": the configured model (FM unless the model setting says SVD). */
export function trainRequest(dataFolder: string, options: TrainOptions): RunRequest {
  const kind = options.model ?? setting<ModelKind>('model') ?? 'fm';
  return { runId: newRunId(), kind: 'evaluate', dataFolder, model: modelConfig(kind, options), protocol: protocolConfig(options) };
}

/** The article's experiment: SVD baseline and FM candidate on the same folds. */
export function compareRequest(dataFolder: string, options: TrainOptions): RunRequest {
  const baseline = modelConfig('svd', options);
  return {
    runId: newRunId(),
    kind: 'compare',
    dataFolder,
    model: options.baseline === undefined ? baseline : defaultModelConfig('svd', { ...baseline, ...options.baseline }),
    candidate: modelConfig('fm', options),
    protocol: protocolConfig(options),
  };
}
