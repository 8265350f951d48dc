/**
 * The command line, derived from the run configuration schema (src/core/config/schema.ts): every
 * model and protocol field is a flag `--kebab-name`, parsed by its kind; its usage line is the
 * field's description. Values are checked for their type here and for their limits by the
 * schema's validation (one set of messages for the CLI and the extension).
 */
import type { FieldSpec } from '../core/config/fields';
import {
  MODEL_DEFAULTS,
  MODEL_FIELDS,
  PROTOCOL_DEFAULTS,
  PROTOCOL_FIELDS,
  RUN_DEFAULTS,
  RUN_FIELDS,
  SOLVER_DEPENDENT_FIELDS,
} from '../core/config/schema';
import type { RunOptions } from '../core/config/schema';
import type { ModelConfig, ProtocolConfig } from '../core/config/schema';
import type { NewUser } from '../core/recommend/newUser';

export type CommandName = 'evaluate' | 'compare' | 'recommend';
const COMMANDS: readonly CommandName[] = ['evaluate', 'compare', 'recommend'];

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Parsed flags; absent ones are absent, so that each command picks its own defaults. */
export interface CliOptions {
  readonly command: CommandName | 'help';
  readonly data?: string;
  /** Model flags: the model (evaluate, recommend) or the candidate (compare). */
  readonly model: Partial<ModelConfig>;
  /** compare only: --baseline-model, --baseline-method, --baseline-features. */
  readonly baseline: Partial<ModelConfig>;
  readonly protocol: Partial<ProtocolConfig>;
  readonly run: Partial<RunOptions>;
  readonly user?: number;
  /** recommend only: a user the data does not have (--age, --gender, --occupation, --zip, --liked). */
  readonly newUser?: NewUser;
  readonly top?: number;
  readonly json: boolean;
  /** compare only: also the FM with the default features, on the same folds. */
  readonly best: boolean;
}

/** camelCase field → --kebab-case flag. */
export function flagOf(field: string): string {
  return `--${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

type Target = 'model' | 'baseline' | 'protocol' | 'run';

interface FlagDefinition {
  readonly field: string;
  readonly spec: FieldSpec;
  readonly target: Target;
}

/** Every schema flag, in schema order (model fields, protocol fields, run fields, then the baseline's). */
const SCHEMA_FLAGS: ReadonlyMap<string, FlagDefinition> = new Map<string, FlagDefinition>([
  ...Object.entries(MODEL_FIELDS).map(([field, spec]): [string, FlagDefinition] => [flagOf(field), { field, spec, target: 'model' }]),
  ...Object.entries(PROTOCOL_FIELDS).map(([field, spec]): [string, FlagDefinition] => [flagOf(field), { field, spec, target: 'protocol' }]),
  ...Object.entries(RUN_FIELDS).map(([field, spec]): [string, FlagDefinition] => [flagOf(field), { field, spec, target: 'run' }]),
  ...(['model', 'method', 'features'] as const).map((field): [string, FlagDefinition] => [
    `--baseline-${field}`,
    { field, spec: MODEL_FIELDS[field], target: 'baseline' },
  ]),
]);

/** Parses `argv` (without node and the script); throws UsageError naming the bad flag or value. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const model: Record<string, unknown> = {};
  const baseline: Record<string, unknown> = {};
  const protocol: Record<string, unknown> = {};
  const run: Record<string, unknown> = {};
  const options: Mutable<CliOptions> = { command: 'help', json: false, best: false, model, baseline, protocol, run };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command: evaluate, compare or recommend');
  if (command === '--help' || command === '-h' || command === 'help') return options;
  if (!COMMANDS.includes(command as CommandName)) {
    throw new UsageError(`unknown command '${command}' (expected evaluate, compare or recommend)`);
  }
  options.command = command as CommandName;
  const targets: Record<Target, Record<string, unknown>> = { model, baseline, protocol, run };
  for (let index = 0; index < rest.length; index++) {
    const argument = rest[index];
    if (argument === '--help' || argument === '-h') return { ...options, command: 'help' };
    if (argument === '--json') {
      options.json = true;
      continue;
    }
    if (argument === '--best') {
      options.best = true;
      continue;
    }
    const equals = argument.indexOf('=');
    const flag = argument.startsWith('--') && equals > 0 ? argument.slice(0, equals) : argument;
    const definition = SCHEMA_FLAGS.get(flag);
    if (definition === undefined && !['--data', '--user', '--top', ...NEW_USER_FLAGS].includes(flag)) {
      throw new UsageError(`unknown ${argument.startsWith('-') ? 'flag' : 'argument'} '${argument}'`);
    }
    let value: string | undefined;
    if (flag !== argument) {
      value = argument.slice(equals + 1);
    } else {
      value = rest[index + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      index++;
    }
    if (flag === '--data') options.data = value;
    else if (flag === '--user') options.user = integer(flag, value);
    else if (flag === '--top') options.top = integer(flag, value);
    else if (NEW_USER_FLAGS.includes(flag)) options.newUser = { ...options.newUser, ...newUserFlag(flag, value) };
    else if (definition !== undefined) targets[definition.target][definition.field] = parseValue(flag, definition.spec, value);
  }
  if (options.command !== 'compare') {
    for (const field of Object.keys(baseline)) throw new UsageError(`--baseline-${field} applies to compare only`);
    if (options.best) throw new UsageError('--best applies to compare only');
  }
  if (options.command !== 'recommend' && (options.user !== undefined || options.top !== undefined || options.newUser !== undefined)) {
    const flag =
      options.user !== undefined
        ? '--user'
        : options.top !== undefined
          ? '--top'
          : 'a new user (--age, --gender, --occupation, --zip, --liked)';
    throw new UsageError(`${flag} applies to recommend only`);
  }
  if (options.user !== undefined && options.newUser !== undefined) {
    throw new UsageError('recommend takes --user ID or a new user (--age, --gender, --occupation, --zip, --liked), not both');
  }
  return options;
}

/** CLI-only inputs of a new user (a cold-start what-if); not run configuration, so not in the schema. */
const NEW_USER_FLAGS = ['--age', '--gender', '--occupation', '--zip', '--liked'];

function newUserFlag(flag: string, value: string): NewUser {
  switch (flag) {
    case '--age':
      return { age: integer(flag, value) };
    case '--gender': {
      const gender = value.trim().toUpperCase();
      if (gender !== 'M' && gender !== 'F') throw new UsageError(`--gender must be M or F, got '${value}'`);
      return { gender };
    }
    case '--occupation':
      return { occupation: value.trim() };
    case '--zip':
      return { zip: value.trim() };
    default:
      return {
        liked: value
          .split(',')
          .filter((part) => part.trim() !== '')
          .map((part) => integer(flag, part.trim())),
      };
  }
}

function parseValue(flag: string, spec: FieldSpec, value: string): unknown {
  switch (spec.kind) {
    case 'integer':
      return integer(flag, value);
    case 'number':
      return number(flag, value);
    case 'choice':
      return oneOf(flag, value, spec.choices ?? []);
    case 'choices':
      return list(flag, value, spec.choices ?? []);
    case 'numberOrRecord':
      return numberOrRecord(flag, value);
  }
}

function oneOf(flag: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value;
}

function list(flag: string, value: string, allowed: readonly string[]): string[] {
  const entries = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (entries.length === 0) throw new UsageError(`${flag} needs at least one of ${allowed.join(', ')}`);
  for (const entry of entries) oneOf(flag, entry, allowed);
  return entries;
}

function number(flag: string, value: string): number {
  const parsed = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(parsed)) throw new UsageError(`${flag} expects a number, got '${value}'`);
  return parsed;
}

function integer(flag: string, value: string): number {
  const parsed = number(flag, value);
  if (!Number.isSafeInteger(parsed)) throw new UsageError(`${flag} expects an integer, got '${value}'`);
  return parsed;
}

function numberOrRecord(flag: string, value: string): number | Record<string, number> {
  if (!value.includes('=')) return number(flag, value);
  const record: Record<string, number> = {};
  for (const pair of value.split(',')) {
    const [key, text, extra] = pair.split('=');
    if (!key || text === undefined || extra !== undefined) {
      throw new UsageError(`${flag} expects a number or key=value pairs such as ids=10,user=5, got '${value}'`);
    }
    record[key.trim()] = number(`${flag} ${key.trim()}`, text);
  }
  return record;
}

/** "--rank K" padded, then the description (Markdown backticks dropped), wrapped at 100 columns. */
function usageLine(flag: string, spec: FieldSpec, note = ''): string {
  const head = `  ${flag} ${spec.valueName ?? 'VALUE'}`;
  const text = `${spec.description.replace(/`/g, '')}${note}`;
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line.length > 0 && line.length + word.length + 1 > 74) {
      lines.push(line);
      line = word;
    } else {
      line = line.length === 0 ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  const pad = (first: string): string => (first.length >= 26 ? `${first}\n${' '.repeat(26)}` : first.padEnd(26));
  return `${pad(head)}${lines.join(`\n${' '.repeat(26)}`)}`;
}

/** Defaults as the usage states them: Train FM's model (FM by MCMC) and the article's protocol. */
const USAGE_DEFAULTS: Readonly<Record<string, unknown>> = { ...MODEL_DEFAULTS.fm.mcmc, ...PROTOCOL_DEFAULTS, ...RUN_DEFAULTS };

/** " (1 to 512; default 10)" and the like. */
function limitsNote(field: string, spec: FieldSpec): string {
  const parts: string[] = [];
  if ((spec.kind === 'integer' || spec.kind === 'number') && spec.minimum !== undefined && spec.maximum !== undefined) {
    parts.push(spec.exclusiveBounds ? `between ${spec.minimum} and ${spec.maximum}` : `${spec.minimum} to ${spec.maximum}`);
  }
  const fallback = USAGE_DEFAULTS[field];
  if (!(SOLVER_DEPENDENT_FIELDS as ReadonlySet<string>).has(field) && fallback !== undefined && field !== 'regularization') {
    parts.push(`default ${Array.isArray(fallback) ? fallback.join(',') : String(fallback)}`);
  }
  return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
}

function schemaUsage(): string {
  const lines: string[] = [];
  for (const [flag, definition] of SCHEMA_FLAGS) {
    if (definition.target === 'baseline') continue;
    lines.push(usageLine(flag, definition.spec, limitsNote(definition.field, definition.spec)));
  }
  return lines.join('\n');
}

export const USAGE = `Usage: recommender-lab <command> [options]

Commands:
  evaluate    train one model on every fold of a protocol; RMSE, MAE and time per fold
  compare     the article's experiment: SVD-ALS against an FM on the article's information
              (ids,user,item,title), the same folds, the paired relative RMSE gain and the verdict
  recommend   spot check of one user (--user ID), or the top films for a new user the data does
              not have (--age, --gender, --occupation, --zip, --liked), trained on the
              protocol's first fold

Options:
  --data DIR              MovieLens folder (100K, 1M or latest/20M/25M/32M); without it a
                          synthetic MovieLens-format data set is generated in a temp folder
${schemaUsage()}
  --baseline-model, --baseline-method, --baseline-features
                          compare only: the baseline (default svd, als, ids)
  --best                  compare only: also the FM with the default features on the same folds,
                          to see what implicit feedback and raters buy beyond the article's FM
  --user ID               recommend: the user's id in the data files
  --top N                 recommend: how many unseen films to list (default 10)
  --age N, --gender M|F, --occupation NAME, --zip ZIP, --liked ID,ID
                          recommend: a new user (cold-start what-if), any of these; the FM scores
                          them from its user features (SVD cannot: popularity, said so)
  --json                  print one JSON object on stdout (progress stays on stderr)

Model flags apply to the model (evaluate, recommend) or the candidate FM (compare); the
comparison's SVD baseline shares only --rank and --seed.

Examples:
  npx recommender-lab compare --data ../shared/ml-100k
  npx recommender-lab evaluate --data ../shared/ml-100k --model svd --protocol canonical
  npx recommender-lab evaluate --data ../shared/ml-100k --model fm --method als --features ids,user,item --json
  npx recommender-lab recommend --data ../shared/ml-100k --user 196
  npx recommender-lab recommend --data ../shared/ml-100k --age 25 --gender F --occupation student --zip 9 --liked 50,181
`;
