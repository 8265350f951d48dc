import * as vscode from 'vscode';
import type { ComparisonResult, EvaluationResult, MeanStd } from '../../core/eval/types';
import type { ModelRole, RunRequest } from '../../shared/run';
import type { ComparedRun, TrainingCurve, TrainingPanelState } from '../../shared/trainingPanelState';
import { runLabel } from '../../shared/labels';
import { panelStateOf, runSeconds } from '../runs/runRecord';
import type { RunRecord } from '../runs/runRecord';
import type { Services } from '../services';

/** Open Run, Delete Run, Compare Runs (Runs view context menu; also callable with run ids). */
export function registerRunCommands(services: Services): vscode.Disposable[] {
  const { library, trainingPanel } = services;
  const recordOf = async (value: unknown): Promise<RunRecord | undefined> => {
    if (typeof value === 'string') return library.get(value);
    if (isRecord(value)) return library.get(value.request.runId);
    return pickRun(await library.list(), 'Which run?');
  };
  return [
    vscode.commands.registerCommand('recommenderLab.openRun', async (value?: unknown) => {
      const record = await recordOf(value);
      if (record === undefined) return undefined;
      // The opened run becomes the one hovers and spot checks use.
      library.select(record.request.runId);
      trainingPanel.show(panelStateOf(record));
      return record;
    }),
    vscode.commands.registerCommand(
      'recommenderLab.deleteRun',
      async (value?: unknown, selected?: unknown, options?: { confirm?: boolean }) => {
        const records = (Array.isArray(selected) && selected.length > 1 ? selected : [value])
          .filter(isRecord)
          .map((record) => record.request.runId);
        const targets =
          records.length > 0 ? records : [(await recordOf(value))?.request.runId].filter((id): id is string => id !== undefined);
        if (targets.length === 0) return false;
        if (services.controller.running !== undefined && targets.includes(services.controller.running.request.runId)) {
          void vscode.window.showWarningMessage('Cancel the run before deleting it.');
          return false;
        }
        if (targets.some((runId) => library.isRunningElsewhere(runId))) {
          void vscode.window.showWarningMessage('This run is going in another window: cancel it there before deleting it.');
          return false;
        }
        if (options?.confirm !== false) {
          const answer = await vscode.window.showWarningMessage(
            targets.length === 1 ? 'Delete this run and its model?' : `Delete ${targets.length} runs and their models?`,
            { modal: true },
            'Delete',
          );
          if (answer !== 'Delete') return false;
        }
        for (const runId of targets) await library.delete(runId);
        return true;
      },
    ),
    vscode.commands.registerCommand('recommenderLab.compareRuns', async (value?: unknown, selected?: unknown) => {
      let records = (Array.isArray(selected) ? selected : []).filter(isRecord);
      const completed = (await library.list()).filter((record) => record.result !== undefined);
      if (records.length !== 2) {
        const first = isRecord(value) ? value : await pickRun(completed, 'First run (the baseline)');
        if (first === undefined) return undefined;
        const second = await pickRun(
          completed.filter((record) => record.request.runId !== first.request.runId),
          'Second run (the candidate)',
        );
        if (second === undefined) return undefined;
        records = [first, second];
      }
      const [baseline, candidate] = records;
      const state = comparisonState(baseline, candidate);
      if (state === undefined) {
        void vscode.window.showWarningMessage('Only completed runs can be compared.');
        return undefined;
      }
      trainingPanel.show(state);
      return state;
    }),
  ];
}

function isRecord(value: unknown): value is RunRecord {
  return typeof value === 'object' && value !== null && 'request' in value && 'formatVersion' in value;
}

async function pickRun(records: readonly RunRecord[], placeHolder: string): Promise<RunRecord | undefined> {
  const picked = await vscode.window.showQuickPick(
    records.map((record) => ({
      label: runLabel(record.request),
      description: `${record.status} · ${new Date(record.startedAt).toLocaleString()}`,
      record,
    })),
    { placeHolder },
  );
  return picked?.record;
}

/** The evaluation a run contributes to a comparison (a comparison run: its candidate). */
function evaluationOf(record: RunRecord): EvaluationResult | undefined {
  const result = record.result;
  if (result === undefined) return undefined;
  return result.kind === 'evaluate' ? result.evaluation : result.comparison.candidate;
}

/** That model's curves, under the role it takes in the comparison. */
function curvesOf(record: RunRecord, role: ModelRole): TrainingCurve[] {
  const own: ModelRole = record.request.kind === 'compare' ? 'candidate' : 'model';
  return record.curves.filter((curve) => curve.role === own).map((curve) => ({ ...curve, role }));
}

function comparedRun(record: RunRecord): ComparedRun {
  return {
    runId: record.request.runId,
    label: runLabel(record.request),
    status: record.status,
    startedAt: record.startedAt,
    seconds: runSeconds(record),
  };
}

/**
 * Two stored runs side by side in the Training panel's comparison table. The paired gain per fold
 * needs the same folds (same protocol and seed); otherwise only the gain of the means is shown.
 */
export function comparisonState(baselineRun: RunRecord, candidateRun: RunRecord): TrainingPanelState | undefined {
  const baseline = evaluationOf(baselineRun);
  const candidate = evaluationOf(candidateRun);
  if (baseline === undefined || candidate === undefined) return undefined;
  const paired =
    baseline.folds.length === candidate.folds.length &&
    baseline.folds.every((fold, index) => fold.name === candidate.folds[index].name) &&
    JSON.stringify(baseline.protocol) === JSON.stringify(candidate.protocol);
  const gainPerFold = paired ? baseline.folds.map((fold, index) => (fold.rmse - candidate.folds[index].rmse) / fold.rmse) : [];
  const gain: MeanStd = paired
    ? meanStd(gainPerFold)
    : { mean: (baseline.rmse.mean - candidate.rmse.mean) / baseline.rmse.mean, std: Number.NaN };
  const comparison: ComparisonResult = { baseline, candidate, gain, gainPerFold };
  const request: RunRequest = {
    runId: `compare-${baselineRun.request.runId}-${candidateRun.request.runId}`,
    kind: 'compare',
    dataFolder: candidateRun.request.dataFolder,
    model: baseline.model,
    candidate: candidate.model,
    protocol: candidate.protocol,
  };
  return {
    request,
    status: 'completed',
    startedAt: baselineRun.startedAt,
    curves: [...curvesOf(baselineRun, 'baseline'), ...curvesOf(candidateRun, 'candidate')],
    folds: [],
    result: { kind: 'compare', comparison },
    // Each run's own time: a comparison of two runs did not take their sum.
    compared: [comparedRun(baselineRun), comparedRun(candidateRun)],
  };
}

function meanStd(values: readonly number[]): MeanStd {
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((total, value) => total + (value - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}
