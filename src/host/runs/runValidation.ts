/**
 * Checks a stored run (run.json) field by field before anything reads it. A run folder may come
 * from an older build, a crash, a hand edit or (with runs kept in the workspace) someone else's
 * commit: what does not have the shape of a RunRecord is refused with the field that is wrong,
 * so a view never meets `undefined` where a record promised a value.
 */
import { isConfigError } from '../../core/config/fields';
import { validateModelConfig } from '../../core/config/modelConfig';
import { validateProtocolConfig } from '../../core/config/protocolConfig';
import type { ModelConfig, ProtocolConfig } from '../../core/config/schema';
import type { DataCatalog } from '../../shared/catalog';
import { RUN_FORMAT_VERSION } from './runRecord';
import type { RunRecord } from './runRecord';

/** A stored run that is not a run of this format; the message names the field. */
export class InvalidRunError extends Error {
  override readonly name = 'InvalidRunError';
}

type Fields = Record<string, unknown>;

const RUN_STATUSES = ['running', 'completed', 'failed', 'cancelled'];
const MODEL_ROLES = ['model', 'baseline', 'candidate', 'best'];

/** Run ids name folders: letters, digits, '-' and '_' only. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,200}$/;

function fail(path: string, rule: string, value: unknown): never {
  const shown = value === undefined ? 'nothing' : (JSON.stringify(value)?.slice(0, 60) ?? String(value));
  throw new InvalidRunError(`${path} must be ${rule}, got ${shown}`);
}

function object(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  return value as Fields;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'a list', value);
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(path, 'a non-empty string', value);
  return value;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a number', value);
  return value;
}

/** A spread may be NaN in memory, which JSON stores as null. */
function finiteOrNull(value: unknown, path: string): void {
  if (value !== null) finite(value, path);
}

function count(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(path, 'a whole number ≥ 0', value);
  return value;
}

function oneOf(value: unknown, choices: readonly string[], path: string): string {
  if (typeof value !== 'string' || !choices.includes(value)) fail(path, `one of ${choices.join(', ')}`, value);
  return value;
}

function isoTime(value: unknown, path: string): void {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) fail(path, 'an ISO date and time', value);
}

function optional(fields: Fields, key: string, check: (value: unknown, path: string) => void, path: string): void {
  if (fields[key] !== undefined) check(fields[key], `${path}.${key}`);
}

/** Model and protocol configs are checked by the engine's own validation (schema limits included). */
function modelConfig(value: unknown, path: string): void {
  object(value, path);
  try {
    validateModelConfig(value as ModelConfig);
  } catch (error) {
    if (isConfigError(error)) throw new InvalidRunError(`${path}: ${error.message}`);
    throw new InvalidRunError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function protocolConfig(value: unknown, path: string): void {
  object(value, path);
  try {
    validateProtocolConfig(value as ProtocolConfig);
  } catch (error) {
    throw new InvalidRunError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function meanStd(value: unknown, path: string): void {
  const fields = object(value, path);
  finite(fields.mean, `${path}.mean`);
  finiteOrNull(fields.std, `${path}.std`);
}

const RANKING_FIGURES = ['precisionAt10', 'recallAt10', 'ndcgAt10', 'map'];

/** One protocol's figures of one fold; `unrated` adds the coverage and the users ranked. */
function rankingFigures(value: unknown, path: string, unrated: boolean): void {
  const fields = object(value, path);
  for (const key of RANKING_FIGURES) finite(fields[key], `${path}.${key}`);
  count(fields.users, `${path}.users`);
  if (!unrated) return;
  finite(fields.coverage, `${path}.coverage`);
  count(fields.rankedUsers, `${path}.rankedUsers`);
}

function rankingProtocols(value: unknown, path: string): void {
  const fields = object(value, path);
  rankingFigures(fields.testFilms, `${path}.testFilms`, false);
  rankingFigures(fields.unratedFilms, `${path}.unratedFilms`, true);
}

function rankingDefinition(fields: Fields, path: string): void {
  count(fields.cutoff, `${path}.cutoff`);
  finite(fields.relevantFrom, `${path}.relevantFrom`);
}

/** A fold's ranking block (absent in runs stored before ranking metrics existed). */
function foldRanking(value: unknown, path: string): void {
  rankingProtocols(value, path);
  const fields = object(value, path);
  rankingDefinition(fields, path);
  rankingProtocols(fields.popularity, `${path}.popularity`);
  if (typeof fields.sampled !== 'boolean') fail(`${path}.sampled`, 'true or false', fields.sampled);
  finite(fields.seconds, `${path}.seconds`);
}

function rankingSummary(value: unknown, path: string): void {
  const fields = object(value, path);
  const testFilms = object(fields.testFilms, `${path}.testFilms`);
  const unratedFilms = object(fields.unratedFilms, `${path}.unratedFilms`);
  for (const key of RANKING_FIGURES) {
    meanStd(testFilms[key], `${path}.testFilms.${key}`);
    meanStd(unratedFilms[key], `${path}.unratedFilms.${key}`);
  }
  meanStd(unratedFilms.coverage, `${path}.unratedFilms.coverage`);
}

/** An evaluation's ranking summary: the model's and the popularity baseline's. */
function evaluationRanking(value: unknown, path: string): void {
  rankingSummary(value, path);
  const fields = object(value, path);
  rankingDefinition(fields, path);
  rankingSummary(fields.popularity, `${path}.popularity`);
}

function foldResult(value: unknown, path: string): void {
  const fields = object(value, path);
  string(fields.name, `${path}.name`);
  for (const key of ['rmse', 'mae', 'seconds']) finite(fields[key], `${path}.${key}`);
  for (const key of ['iterations', 'trainCount', 'testCount']) count(fields[key], `${path}.${key}`);
  optional(fields, 'ranking', foldRanking, path);
}

function evaluation(value: unknown, path: string): void {
  const fields = object(value, path);
  modelConfig(fields.model, `${path}.model`);
  protocolConfig(fields.protocol, `${path}.protocol`);
  array(fields.folds, `${path}.folds`).forEach((fold, index) => foldResult(fold, `${path}.folds[${index}]`));
  meanStd(fields.rmse, `${path}.rmse`);
  meanStd(fields.mae, `${path}.mae`);
  finite(fields.seconds, `${path}.seconds`);
  finiteOrNull(fields.msPerIteration, `${path}.msPerIteration`);
  optional(fields, 'ranking', evaluationRanking, path);
}

function gains(fields: Fields, path: string): void {
  meanStd(fields.gain, `${path}.gain`);
  array(fields.gainPerFold, `${path}.gainPerFold`).forEach((gain, index) => finite(gain, `${path}.gainPerFold[${index}]`));
}

function result(value: unknown, path: string): void {
  const fields = object(value, path);
  const kind = oneOf(fields.kind, ['evaluate', 'compare'], `${path}.kind`);
  if (kind === 'evaluate') {
    evaluation(fields.evaluation, `${path}.evaluation`);
    return;
  }
  const comparison = object(fields.comparison, `${path}.comparison`);
  evaluation(comparison.baseline, `${path}.comparison.baseline`);
  evaluation(comparison.candidate, `${path}.comparison.candidate`);
  gains(comparison, `${path}.comparison`);
  if (comparison.best !== undefined) {
    const best = object(comparison.best, `${path}.comparison.best`);
    evaluation(best.evaluation, `${path}.comparison.best.evaluation`);
    gains(best, `${path}.comparison.best`);
  }
}

function request(value: unknown, path: string): void {
  const fields = object(value, path);
  const runId = string(fields.runId, `${path}.runId`);
  if (!RUN_ID_PATTERN.test(runId)) fail(`${path}.runId`, 'letters, digits, - and _', runId);
  const kind = oneOf(fields.kind, ['evaluate', 'compare'], `${path}.kind`);
  string(fields.dataFolder, `${path}.dataFolder`);
  modelConfig(fields.model, `${path}.model`);
  if (kind === 'compare' || fields.candidate !== undefined) modelConfig(fields.candidate, `${path}.candidate`);
  optional(fields, 'best', modelConfig, path);
  protocolConfig(fields.protocol, `${path}.protocol`);
}

function foldDone(value: unknown, path: string): void {
  const fields = object(value, path);
  string(fields.runId, `${path}.runId`);
  oneOf(fields.role, MODEL_ROLES, `${path}.role`);
  string(fields.label, `${path}.label`);
  foldResult(fields.fold, `${path}.fold`);
}

function curve(value: unknown, path: string): void {
  const fields = object(value, path);
  oneOf(fields.role, MODEL_ROLES, `${path}.role`);
  string(fields.label, `${path}.label`);
  string(fields.foldName, `${path}.foldName`);
  array(fields.points, `${path}.points`).forEach((point, index) => {
    const pointFields = object(point, `${path}.points[${index}]`);
    count(pointFields.iteration, `${path}.points[${index}].iteration`);
    count(pointFields.iterations, `${path}.points[${index}].iterations`);
  });
}

function errorInfo(value: unknown, path: string): void {
  const fields = object(value, path);
  string(fields.message, `${path}.message`);
  optional(fields, 'file', string, path);
  optional(fields, 'line', count, path);
}

/**
 * The record of a run folder if it is a valid run of this format; throws InvalidRunError naming
 * the first wrong field otherwise. `folderName` must be the run's id: a record copied into another
 * folder would make Delete remove a folder it does not name.
 */
export function validateRunRecord(value: unknown, folderName: string): RunRecord {
  const fields = object(value, 'run');
  if (fields.formatVersion !== RUN_FORMAT_VERSION) {
    throw new InvalidRunError(`format version ${String(fields.formatVersion)} is not ${RUN_FORMAT_VERSION}`);
  }
  request(fields.request, 'request');
  const runId = (fields.request as Fields).runId;
  if (runId !== folderName) fail('request.runId', `the folder's name (${folderName})`, runId);
  const status = oneOf(fields.status, RUN_STATUSES, 'status');
  isoTime(fields.startedAt, 'startedAt');
  optional(fields, 'finishedAt', isoTime, 'run');
  array(fields.folds, 'folds').forEach((fold, index) => foldDone(fold, `folds[${index}]`));
  array(fields.curves, 'curves').forEach((entry, index) => curve(entry, `curves[${index}]`));
  if (status === 'completed' && fields.result === undefined) fail('result', 'present on a completed run', undefined);
  optional(fields, 'result', result, 'run');
  optional(fields, 'error', errorInfo, 'run');
  if (typeof fields.hasModel !== 'boolean') fail('hasModel', 'true or false', fields.hasModel);
  const timings = object(fields.timings, 'timings');
  for (const key of ['dataLoadedSeconds', 'firstProgressSeconds', 'totalSeconds']) optional(timings, key, finite, 'timings');
  return value as RunRecord;
}

/**
 * A stored catalogue (catalog.json beside a model): ids and titles the hovers and spot checks read.
 * Its users are `userIds`; a catalogue stored before (`users`, one object per user with its id
 * and rating count) reads as the same ids.
 */
export function validateCatalog(value: unknown): DataCatalog {
  const fields = object(value, 'catalog');
  for (const key of ['format', 'folder', 'ratingsFile', 'itemsFile']) string(fields[key], `catalog.${key}`);
  const scale = object(fields.ratingScale, 'catalog.ratingScale');
  finite(scale.min, 'catalog.ratingScale.min');
  finite(scale.max, 'catalog.ratingScale.max');
  const legacy = fields.userIds === undefined && fields.users !== undefined;
  const userIds = legacy
    ? array(fields.users, 'catalog.users').map((user, index) => {
        const userFields = object(user, `catalog.users[${index}]`);
        count(userFields.ratingCount, `catalog.users[${index}].ratingCount`);
        return count(userFields.id, `catalog.users[${index}].id`);
      })
    : array(fields.userIds, 'catalog.userIds').map((id, index) => count(id, `catalog.userIds[${index}]`));
  if (fields.occupations !== undefined) {
    array(fields.occupations, 'catalog.occupations').forEach((name, index) => string(name, `catalog.occupations[${index}]`));
  }
  array(fields.items, 'catalog.items').forEach((item, index) => {
    const itemFields = object(item, `catalog.items[${index}]`);
    count(itemFields.id, `catalog.items[${index}].id`);
    if (typeof itemFields.title !== 'string') fail(`catalog.items[${index}].title`, 'a string', itemFields.title);
  });
  if (!legacy) return value as DataCatalog;
  const { users: _users, ...rest } = value as DataCatalog & { readonly users: unknown };
  return { ...rest, userIds };
}
