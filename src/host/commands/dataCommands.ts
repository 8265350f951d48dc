import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectMovieLensFormat } from '../../core/data/load';
import { findDataFolders } from '../data/dataFolders';
import { downloadMovieLens, MOVIELENS_100K_URL } from '../download/movieLensDownload';
import { MOVIELENS_100K_FOLDER } from '../download/movieLensArchive';
import { existsSync } from 'node:fs';
import { configuredDownloadUrl } from '../settings';
import type { Services } from '../services';

export interface DownloadOptions {
  /** Archive URL (default: the recommenderLab.downloadUrl setting, else GroupLens). */
  readonly url?: string;
  /** Folder to unpack into (ml-100k is created inside); asked when missing. */
  readonly targetFolder?: string;
  /** Skip the license dialog (only for callers that showed the terms themselves, e.g. tests). */
  readonly acceptLicense?: boolean;
  /**
   * When the target already holds ml-100k: 'use' it (when it is MovieLens) or 'stop'. Unset: the
   * user is warned and chooses.
   */
  readonly ifExists?: 'use' | 'stop';
}

const ACCEPT = 'Accept and Download';
const USE_EXISTING = 'Use It';
const CHOOSE_ANOTHER = 'Choose Another Folder';

/** A summary of the GroupLens ml-100k README's usage license. */
const LICENSE_TERMS = [
  'MovieLens 100K is provided by GroupLens Research (University of Minnesota) under these terms:',
  '• Use it for research only; no commercial use without permission from GroupLens.',
  '• Do not redistribute the data (or parts of it) without separate permission.',
  '• Do not use it to identify users or to claim endorsement by the University of Minnesota or GroupLens.',
  '• Acknowledge it in publications by citing: F. Maxwell Harper and Joseph A. Konstan. 2015. The MovieLens Datasets: History and Context. ACM TiiS 5, 4, Article 19.',
  '• The data comes with no warranty.',
  'The full terms are in the README inside the archive.',
].join('\n');

export function registerDataCommands(services: Services): vscode.Disposable[] {
  const { dataFolders, catalogs } = services;
  return [
    vscode.commands.registerCommand('recommenderLab.downloadMovieLens', async (options: DownloadOptions = {}) => {
      if (options.acceptLicense !== true) {
        const choice = await vscode.window.showInformationMessage(
          'Download MovieLens 100K?',
          { modal: true, detail: LICENSE_TERMS },
          ACCEPT,
        );
        if (choice !== ACCEPT) return undefined;
      }
      const target = await chooseTarget(options);
      if (target === undefined) return undefined;
      if (target.existing !== undefined) {
        await dataFolders.set(target.existing);
        return target.existing;
      }
      const parent = target.parent;
      const url = options.url ?? configuredDownloadUrl() ?? MOVIELENS_100K_URL;
      try {
        const folder = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Downloading MovieLens 100K', cancellable: true },
          async (progress, token) => {
            const controller = new AbortController();
            const subscription = token.onCancellationRequested(() => controller.abort());
            let reported = 0;
            try {
              return await downloadMovieLens(url, parent, {
                signal: controller.signal,
                onProgress: (received, total) => {
                  const percent = total === undefined ? 0 : (received / total) * 100;
                  progress.report({ message: `${(received / 1e6).toFixed(1)} MB`, increment: percent - reported });
                  reported = percent;
                },
              });
            } finally {
              subscription.dispose();
            }
          },
        );
        await dataFolders.set(folder);
        catalogs.invalidate(folder);
        void vscode.window
          .showInformationMessage(`MovieLens 100K is ready in ${folder}.`, 'Train FM')
          .then((choice) =>
            choice === undefined ? undefined : vscode.commands.executeCommand('recommenderLab.trainFm', { dataFolder: folder }),
          );
        return folder;
      } catch (error) {
        void vscode.window.showErrorMessage(
          `MovieLens download failed (nothing was kept): ${error instanceof Error ? error.message : String(error)}`,
        );
        return undefined;
      }
    }),
    // The Users view's title button passes the focused row: only a string is a folder.
    vscode.commands.registerCommand('recommenderLab.selectDataFolder', async (folder?: unknown) => {
      const chosen = (typeof folder === 'string' ? folder : undefined) ?? (await pickDataFolder());
      if (chosen === undefined) return undefined;
      if (detectMovieLensFormat(chosen) === undefined) {
        void vscode.window.showErrorMessage(`${chosen} holds no MovieLens ratings file (u.data, ratings.dat or ratings.csv).`);
        return undefined;
      }
      await dataFolders.set(chosen);
      return chosen;
    }),
  ];
}

/**
 * Where to download: the given or picked folder, unless it already has an ml-100k, which the user
 * is warned about before anything is fetched (a download never overwrites): they may use it
 * (`existing`) or pick another folder. Undefined: stop.
 */
async function chooseTarget(options: DownloadOptions): Promise<{ parent: string; existing?: string } | undefined> {
  let parent = options.targetFolder ?? (await askFolder('Download Here', 'Folder to put ml-100k in'));
  for (;;) {
    if (parent === undefined) return undefined;
    const existing = existingMovieLens(parent);
    if (existing === undefined) return { parent };
    const isMovieLens = detectMovieLensFormat(existing) !== undefined;
    const choice =
      options.ifExists === undefined
        ? await warnExisting(existing, isMovieLens)
        : options.ifExists === 'use' && isMovieLens
          ? USE_EXISTING
          : undefined;
    if (choice === USE_EXISTING) return { parent, existing };
    parent = choice === CHOOSE_ANOTHER ? await askFolder('Download Here', 'Folder to put ml-100k in') : undefined;
  }
}

/** `<parent>/ml-100k` when it exists (a download there would be refused). */
function existingMovieLens(parent: string): string | undefined {
  const target = path.join(parent, MOVIELENS_100K_FOLDER);
  return existsSync(target) ? target : undefined;
}

async function warnExisting(existing: string, isMovieLens: boolean): Promise<string | undefined> {
  const detail = isMovieLens
    ? 'It already holds MovieLens data: use it, or download into another folder (nothing is overwritten).'
    : 'It is not MovieLens data and is never overwritten: choose another folder.';
  const actions = isMovieLens ? [USE_EXISTING, CHOOSE_ANOTHER] : [CHOOSE_ANOTHER];
  return vscode.window.showWarningMessage(`${existing} already exists.`, { modal: true, detail }, ...actions);
}

/** The MovieLens folders found in the workspace, plus "Browse…" for any other. */
async function pickDataFolder(): Promise<string | undefined> {
  const browse = 'Browse…';
  const found = await findDataFolders();
  const title = 'MovieLens folder (with u.data, ratings.dat or ratings.csv)';
  if (found.length > 0) {
    const picked = await vscode.window.showQuickPick(
      [
        ...found.map((folder) => ({ label: path.basename(folder), description: vscode.workspace.asRelativePath(folder), folder })),
        { label: browse, description: 'another folder', folder: undefined },
      ],
      { title },
    );
    if (picked === undefined) return undefined;
    if (picked.folder !== undefined) return picked.folder;
  }
  return askFolder('Use This Folder', title);
}

async function askFolder(openLabel: string, title: string): Promise<string | undefined> {
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel,
    title,
    defaultUri: workspaceFolder,
  });
  return picked?.[0] === undefined ? undefined : path.resolve(picked[0].fsPath);
}
