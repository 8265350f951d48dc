import { randomUUID } from 'node:crypto';
import { detectMovieLensFormat } from '../core/data/load';
import { availableFeatureGroups } from '../core/features/availability';
import * as vscode from 'vscode';
import { articleBaseline, articleCandidate, bestCandidate } from '../core/config/experiments';
import { defaultModelConfig } from '../core/config/modelConfig';
import type { ValidModelConfig } from '../core/config/modelConfig';
import { defaultProtocolConfig } from '../core/config/protocolConfig';
import type { ValidProtocolConfig } from '../core/config/protocolConfig';
import { MODEL_FIELDS, PROTOCOL_FIELDS, RUN_DEFAULTS, RUN_FIELDS } from '../core/config/schema';
import type { RunOptions } from '../core/config/schema';
import type { ModelConfig, ModelKind, ProtocolConfig } from '../core/config/schema';
import type { RunRequest } from '../shared/run';
import { SETTINGS_SECTION } from './settingsSchema';
import type { RunsLocation } from './settingsSchema';

/**
 * What a command accepts (from tests or other extensions): any field of the run configuration
 * schema; unset ones come from the settings, then the schema's defaults.
 */
export type TrainOptions = Partial<ModelConfig> &
  Partial<ProtocolConfig> &
  Partial<RunOptions> & {
    readonly dataFolder?: string;
    /** Compare only: overrides of the SVD baseline. */
    readonly baseline?: Partial<ModelConfig>;
    /** Compare only: also train the FM with the default features (default true). */
    readonly best?: boolean;
    /** Open the Training panel (default true). */
    readonly showPanel?: boolean;
  };

/**
 * A setting the user set (in any scope); undefined when it only has its default, so the schema's
 * defaults apply — and default feature lists can be fitted to the data.
 */
function setting(name: string): unknown {
  const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<unknown>(name);
  const value = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  return value === null || value === '' ? undefined : value;
}

/** A field's value: the command's option first, then its setting (if the schema gives it one). */
function configured(options: Readonly<Record<string, unknown>>, field: string, isSetting: boolean | undefined): unknown {
  return options[field] ?? (isSetting ? setting(field) : undefined);
}

export function configuredDataFolder(): string | undefined {
  const value = setting('dataFolder');
  return typeof value === 'string' ? value : undefined;
}

export function configuredDownloadUrl(): string | undefined {
  const value = setting('downloadUrl');
  return typeof value === 'string' ? value : undefined;
}

/**
 * The overrides of a model of this kind: every schema field that means something for the kind
 * (a comparison's baseline takes only the ones it shares: rank and seed).
 */
function modelOverrides(kind: ModelKind, options: TrainOptions, role: 'model' | 'baseline'): Partial<ModelConfig> {
  const overrides: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(MODEL_FIELDS)) {
    if (field === 'model' || (spec.models !== undefined && !spec.models.includes(kind))) continue;
    if (role === 'baseline' && !spec.sharedWithBaseline) continue;
    const value = configured(options, field, spec.setting);
    if (value !== undefined) overrides[field] = value;
  }
  // Validation (defaultModelConfig) checks every value, settings included.
  return overrides as Partial<ModelConfig>;
}

/** The model asked for: options first, then settings, then the schema's defaults. Validated. */
export function modelConfig(kind: ModelKind, options: TrainOptions): ValidModelConfig {
  return defaultModelConfig(kind, modelOverrides(kind, options, 'model'));
}

/**
 * A default feature list (not one the user gave) without the groups the data's release cannot
 * fill: the defaults include `user`, which the CSV releases have no file for. An explicit list
 * is left alone, so the engine refuses it naming the group and the file it needs.
 */
function fitDefaultFeatures(config: ValidModelConfig, explicit: boolean, dataFolder: string): ValidModelConfig {
  const format = detectMovieLensFormat(dataFolder);
  if (explicit || format === undefined || config.model !== 'fm') return config;
  const features = availableFeatureGroups(format, config.features);
  return features.length === config.features.length ? config : defaultModelConfig('fm', { ...config, features });
}

export function protocolConfig(options: TrainOptions): ValidProtocolConfig {
  const overrides: Record<string, unknown> = {};
  for (const [field, spec] of [...Object.entries(PROTOCOL_FIELDS), ['seed', MODEL_FIELDS.seed] as const]) {
    const value = configured(options, field, spec.setting);
    if (value !== undefined) overrides[field] = value;
  }
  return defaultProtocolConfig(overrides as Partial<ProtocolConfig>);
}

/** Worker threads for a run (0: one per core). */
export function runOptions(options: TrainOptions): RunOptions {
  const threads = configured(options, 'threads', RUN_FIELDS.threads.setting);
  return { threads: typeof threads === 'number' ? threads : RUN_DEFAULTS.threads };
}

/** A run id that sorts by time and is safe as a folder name. */
export function newRunId(): string {
  return `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
}

/** The kind of model Train FM trains: FM unless the option or the model setting says SVD. */
export function trainedKind(options: TrainOptions): ModelKind {
  return configured(options, 'model', true) === 'svd' ? 'svd' : 'fm';
}

/** "Train FM": the configured model (FM unless the model setting says SVD). */
export function trainRequest(dataFolder: string, options: TrainOptions): RunRequest {
  const kind = trainedKind(options);
  const explicitFeatures = configured(options, 'features', true) !== undefined;
  const model = fitDefaultFeatures(modelConfig(kind, options), explicitFeatures, dataFolder);
  return { runId: newRunId(), kind: 'evaluate', dataFolder, model, protocol: protocolConfig(options) };
}

/**
 * The article's experiment (src/core/config/experiments.ts), the same as the CLI's `compare`:
 * SVD-ALS against an FM on the article's information; the FM takes the configured solver, rank,
 * noise and iterations, but the article's feature groups unless the options name others.
 */
export function compareRequest(dataFolder: string, options: TrainOptions): RunRequest {
  const shared = modelOverrides('svd', options, 'baseline');
  const baseline = articleBaseline(shared);
  const { features: _configuredFeatures, ...candidateOverrides } = modelOverrides('fm', options, 'model');
  const candidate = fitDefaultFeatures(
    articleCandidate({ ...candidateOverrides, features: options.features }),
    options.features !== undefined,
    dataFolder,
  );
  return {
    runId: newRunId(),
    kind: 'compare',
    dataFolder,
    model: options.baseline === undefined ? baseline : defaultModelConfig('svd', { ...baseline, ...options.baseline }),
    candidate,
    // Beside the article's FM, what the extra feature groups buy (skipped when asked, e.g. by tests).
    best: options.best === false ? undefined : fitDefaultFeatures(bestCandidate(candidateOverrides), false, dataFolder),
    protocol: protocolConfig(options),
  };
}

/** Where runs are kept (the runsLocation setting; anything else reads as the default). */
export function configuredRunsLocation(): RunsLocation {
  return setting('runsLocation') === 'workspace' ? 'workspace' : 'workspaceStorage';
}

/** Whether the training threads are warmed when a workspace with data opens (the warmUp setting; default on). */
export function configuredWarmUp(): boolean {
  return setting('warmUp') !== false;
}
