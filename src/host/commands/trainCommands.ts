import * as vscode from 'vscode';
import { compareRequest, runOptions, trainRequest } from '../settings';
import type { TrainOptions } from '../settings';
import type { Services } from '../services';
import type { RunRecord } from '../runs/runRecord';
import { panelStateOf } from '../runs/runRecord';

/**
 * Train FM, Compare SVD and FM, Cancel Training, Show Training Panel, Show Log. The run commands take
 * optional TrainOptions and return the finished run record (undefined when nothing ran), so tests
 * and other extensions can drive them without prompts.
 */
export function registerTrainCommands(services: Services): vscode.Disposable[] {
  const { controller, dataFolders } = services;
  const run = async (kind: 'evaluate' | 'compare', options: TrainOptions = {}): Promise<RunRecord | undefined> => {
    const invokedAt = performance.now();
    const folder = await dataFolders.resolve(options.dataFolder);
    if (folder === undefined) return undefined;
    let request;
    try {
      request = kind === 'compare' ? compareRequest(folder, options) : trainRequest(folder, options);
    } catch (error) {
      // An invalid setting (e.g. rank 0): the engine's validation names the value.
      void vscode.window.showErrorMessage(`Recommender Lab settings: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    return controller.run(request, { showPanel: options.showPanel, invokedAt, threads: runOptions(options).threads });
  };
  return [
    vscode.commands.registerCommand('recommenderLab.trainFm', (options?: TrainOptions) => run('evaluate', options)),
    vscode.commands.registerCommand('recommenderLab.compareSvdFm', (options?: TrainOptions) => run('compare', options)),
    vscode.commands.registerCommand('recommenderLab.cancelRun', () => {
      const cancelled = controller.cancel();
      if (!cancelled) void vscode.window.showInformationMessage('No training run is going.');
      return cancelled;
    }),
    vscode.commands.registerCommand('recommenderLab.showLog', () => services.log.show()),
    vscode.commands.registerCommand('recommenderLab.showTrainingPanel', async () => {
      const state = controller.runningState;
      if (state !== undefined) {
        services.trainingPanel.show(state);
        return;
      }
      const [latest] = await services.library.list();
      if (latest === undefined) {
        const choice = await vscode.window.showInformationMessage('No run yet.', 'Train FM');
        if (choice !== undefined) await vscode.commands.executeCommand('recommenderLab.trainFm');
        return;
      }
      services.trainingPanel.show(panelStateOf(latest));
    }),
  ];
}
