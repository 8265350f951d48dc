import * as path from 'node:path';
import * as vscode from 'vscode';
import { predictRating } from '../../core/model/embeddingModel';
import { indexCatalog } from '../data/catalogService';
import type { CatalogService, IndexedCatalog } from '../data/catalogService';
import type { DataCatalog } from '../../shared/catalog';
import { foldLabel, modelLabel } from '../../shared/labels';
import type { RatingPart } from '../../shared/protocol/workerProtocol';
import type { RunRequest } from '../../shared/run';
import type { StoredModel } from '../runs/runRecord';
import { folderKey } from '../runs/runLibrary';
import type { RunLibrary } from '../runs/runLibrary';
import { escapeMarkdownText } from '../ui/markdown';
import { filmAt } from './dataLine';
import type { DataLine } from './dataLine';

/** The user picked in the Users view, if any. */
export interface SelectedUser {
  readonly selected: { readonly folder: string; readonly userId: number } | undefined;
}

const COMMANDS = ['recommenderLab.trainFm', 'recommenderLab.users.focus', 'recommenderLab.openRun'];

/** Tells which part of a run's fold holds a rating (the query worker remakes the folds). */
export interface RatingParts {
  ratingPart(run: RunRequest, foldName: string, userId: number, itemId: number): Promise<RatingPart>;
}

/**
 * Hover on a film id in a MovieLens file: the title, the line's actual rating and the rating the
 * model predicts for the line's user (ratings files) or for the user picked in the Users view (film
 * files). The model is the selected run's, else the latest completed run's on that folder.
 */
export class RatingHoverProvider implements vscode.HoverProvider {
  private readonly indexed = new WeakMap<DataCatalog, IndexedCatalog>();

  constructor(
    private readonly library: RunLibrary,
    private readonly catalogs: CatalogService,
    private readonly users: SelectedUser,
    private readonly parts: RatingParts,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const text = document.lineAt(position.line).text;
    const line = filmAt(path.basename(document.fileName), text, position.line, position.character);
    if (line === undefined) return undefined;
    const range = new vscode.Range(position.line, line.start, position.line, line.end);
    // No theme icons: a title holding "$(zap)" is text, not an icon.
    const markdown = new vscode.MarkdownString(undefined, false);
    markdown.isTrusted = { enabledCommands: COMMANDS };
    try {
      await this.describe(markdown, path.dirname(document.uri.fsPath), line);
    } catch (error) {
      // A hover never throws: say what went wrong instead.
      const reason = error instanceof Error ? error.message : String(error);
      markdown.appendMarkdown(escapeMarkdownText(`Recommender Lab: cannot describe film ${line.itemId}: ${reason}`));
    }
    return new vscode.Hover(markdown, range);
  }

  private async describe(markdown: vscode.MarkdownString, folder: string, line: DataLine): Promise<void> {
    const stored = await this.library.modelFor(folder);
    const catalog = stored === undefined ? await this.catalogs.get(folder).catch(() => undefined) : this.index(stored.catalog);

    const itemRow = catalog?.itemRow.get(line.itemId);
    if (catalog === undefined) {
      markdown.appendMarkdown(`**Film ${line.itemId}**\n\n`);
    } else if (itemRow === undefined) {
      markdown.appendMarkdown(
        `**Film ${line.itemId}** is not in ${escapeMarkdownText(path.basename(catalog.catalog.itemsFile))}: unknown film id.\n\n`,
      );
    } else {
      markdown.appendMarkdown(`**${escapeMarkdownText(catalog.catalog.items[itemRow].title)}** · film ${line.itemId}\n\n`);
    }

    const userId = line.kind === 'ratings' ? line.userId : this.selectedUser(folder);
    if (line.kind === 'ratings' && line.rating !== undefined) {
      markdown.appendMarkdown(`Actual rating: **${line.rating}** by user ${line.userId ?? '?'}\n\n`);
    }
    if (stored === undefined) {
      markdown.appendMarkdown(
        'No trained model for this data yet: run [Train FM](command:recommenderLab.trainFm) to see predicted ratings.',
      );
      return;
    }
    if (userId === undefined) {
      markdown.appendMarkdown(
        'Pick a user in the [Users view](command:recommenderLab.users.focus) to see the rating the model predicts for them.',
      );
      return;
    }
    const index = this.index(stored.catalog);
    const userRow = index.userRow.get(userId);
    if (userRow === undefined) {
      markdown.appendMarkdown(`User ${userId} is not in the model's data: no prediction.`);
    } else if (itemRow === undefined || userRow >= stored.model.userCount || itemRow >= stored.model.itemCount) {
      markdown.appendMarkdown(`Film ${line.itemId} is not in the model's data: no prediction.`);
    } else {
      const predicted = predictRating(stored.model, userRow, itemRow);
      markdown.appendMarkdown(`Predicted rating for user ${userId}: **${predicted.toFixed(2)}**\n\n`);
      if (line.kind === 'ratings') markdown.appendMarkdown(await this.partText(stored, userId, line.itemId));
    }
    const source = `${modelLabelOf(stored)}, ${foldLabel(stored.model.foldName)}, ${new Date(stored.record.startedAt).toLocaleString()}`;
    markdown.appendMarkdown(`*${escapeMarkdownText(source)}*`);
  }

  /** Whether the model learnt from this rating or it was held out to test it. */
  private async partText(stored: StoredModel, userId: number, itemId: number): Promise<string> {
    const foldName = stored.model.foldName;
    // The fold's name comes from a stored model file: text, not markup.
    const fold = escapeMarkdownText(foldLabel(foldName));
    try {
      const { part } = await this.parts.ratingPart(stored.record.request, foldName, userId, itemId);
      if (part === 'train') return `This rating was in the **training** part of ${fold}: the model learnt from it.\n\n`;
      if (part === 'test') return `This rating was **held out**, in the **test** part of ${fold}: the prediction never saw it.\n\n`;
      return `This rating is in neither part of ${fold} (the line may have changed since the run).\n\n`;
    } catch (error) {
      return `Cannot tell whether ${fold} trained or tested on this rating: ${escapeMarkdownText(error instanceof Error ? error.message : String(error))}\n\n`;
    }
  }

  private selectedUser(folder: string): number | undefined {
    const selected = this.users.selected;
    return selected !== undefined && folderKey(selected.folder) === folderKey(folder) ? selected.userId : undefined;
  }

  private index(catalog: DataCatalog): IndexedCatalog {
    let indexed = this.indexed.get(catalog);
    if (indexed === undefined) {
      indexed = indexCatalog(catalog);
      this.indexed.set(catalog, indexed);
    }
    return indexed;
  }
}

function modelLabelOf(stored: StoredModel): string {
  const request = stored.record.request;
  return modelLabel(request.kind === 'compare' && request.candidate !== undefined ? request.candidate : request.model);
}
