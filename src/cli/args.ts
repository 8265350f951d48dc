import { PROTOCOL_NAMES } from '../core/eval/protocols';
import type { ProtocolName } from '../core/eval/types';
import type { FeatureGroup } from '../core/features/groups';
import type { ModelKind, NoiseModel, SolverMethod } from '../core/config/types';
import { ALL_FEATURE_GROUPS } from '../core/features/groups';
import { DEFAULT_FM_FEATURES, NOISE_MODELS } from '../core/config/types';

export type CommandName = 'evaluate' | 'compare' | 'recommend';
const COMMANDS: readonly CommandName[] = ['evaluate', 'compare', 'recommend'];

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parsed flags; absent ones are undefined so that each command picks its own defaults. */
export interface CliOptions {
  readonly command: CommandName | 'help';
  readonly data?: string;
  readonly model?: ModelKind;
  readonly method?: SolverMethod;
  readonly features?: FeatureGroup[];
  readonly baselineModel?: ModelKind;
  readonly baselineMethod?: SolverMethod;
  readonly baselineFeatures?: FeatureGroup[];
  readonly protocol?: ProtocolName;
  readonly folds?: number;
  readonly repeats?: number;
  readonly testFraction?: number;
  readonly rank?: number;
  readonly iterations?: number;
  readonly seed?: number;
  readonly learningRate?: number;
  readonly regularization?: number | Record<string, number>;
  readonly initStdev?: number;
  readonly burnIn?: number;
  readonly noise?: NoiseModel;
  readonly user?: number;
  readonly top?: number;
  readonly json: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ValueFlag = (options: Mutable<CliOptions>, value: string, flag: string) => void;

const VALUE_FLAGS: Readonly<Record<string, ValueFlag>> = {
  '--data': (options, value) => (options.data = value),
  '--model': (options, value, flag) => (options.model = oneOf(flag, value, ['svd', 'fm'] as const)),
  '--method': (options, value, flag) => (options.method = oneOf(flag, value, ['als', 'sgd', 'mcmc'] as const)),
  '--features': (options, value, flag) => (options.features = featureList(flag, value)),
  '--baseline-model': (options, value, flag) => (options.baselineModel = oneOf(flag, value, ['svd', 'fm'] as const)),
  '--baseline-method': (options, value, flag) => (options.baselineMethod = oneOf(flag, value, ['als', 'sgd', 'mcmc'] as const)),
  '--baseline-features': (options, value, flag) => (options.baselineFeatures = featureList(flag, value)),
  '--protocol': (options, value, flag) => (options.protocol = oneOf(flag, value, PROTOCOL_NAMES)),
  '--folds': (options, value, flag) => (options.folds = integer(flag, value)),
  '--repeats': (options, value, flag) => (options.repeats = integer(flag, value)),
  '--test-fraction': (options, value, flag) => (options.testFraction = number(flag, value)),
  '--rank': (options, value, flag) => (options.rank = integer(flag, value)),
  '--iterations': (options, value, flag) => (options.iterations = integer(flag, value)),
  '--seed': (options, value, flag) => (options.seed = integer(flag, value)),
  '--learning-rate': (options, value, flag) => (options.learningRate = number(flag, value)),
  '--regularization': (options, value, flag) => (options.regularization = regularization(flag, value)),
  '--init-stdev': (options, value, flag) => (options.initStdev = number(flag, value)),
  '--burn-in': (options, value, flag) => (options.burnIn = integer(flag, value)),
  '--noise': (options, value, flag) => (options.noise = oneOf(flag, value, NOISE_MODELS)),
  '--user': (options, value, flag) => (options.user = integer(flag, value)),
  '--top': (options, value, flag) => (options.top = integer(flag, value)),
};

/** Parses `argv` (without node and the script); throws UsageError naming the bad flag or value. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: Mutable<CliOptions> = { command: 'help', json: false };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command: evaluate, compare or recommend');
  if (command === '--help' || command === '-h' || command === 'help') return options;
  if (!COMMANDS.includes(command as CommandName)) {
    throw new UsageError(`unknown command '${command}' (expected evaluate, compare or recommend)`);
  }
  options.command = command as CommandName;
  for (let index = 0; index < rest.length; index++) {
    const argument = rest[index];
    if (argument === '--help' || argument === '-h') return { command: 'help', json: false };
    if (argument === '--json') {
      options.json = true;
      continue;
    }
    const equals = argument.indexOf('=');
    const flag = argument.startsWith('--') && equals > 0 ? argument.slice(0, equals) : argument;
    const apply = VALUE_FLAGS[flag];
    if (!apply) throw new UsageError(`unknown ${argument.startsWith('-') ? 'flag' : 'argument'} '${argument}'`);
    let value: string | undefined;
    if (flag !== argument) {
      value = argument.slice(equals + 1);
    } else {
      value = rest[index + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      index++;
    }
    apply(options, value, flag);
  }
  if (options.command !== 'compare') {
    for (const [flag, value] of [
      ['--baseline-model', options.baselineModel],
      ['--baseline-method', options.baselineMethod],
      ['--baseline-features', options.baselineFeatures],
    ] as const) {
      if (value !== undefined) throw new UsageError(`${flag} applies to compare only`);
    }
  }
  if (options.command !== 'recommend' && (options.user !== undefined || options.top !== undefined)) {
    throw new UsageError(`${options.user !== undefined ? '--user' : '--top'} applies to recommend only`);
  }
  return options;
}

export const USAGE = `Usage: recommender-lab <command> [options]

Commands:
  evaluate    train one model on every fold of a protocol; RMSE, MAE and time per fold
  compare     two models on the same folds and the paired relative RMSE gain
              (default: the article's SVD-ALS against FM-MCMC with features ids,user,item)
  recommend   spot check of one user (--user ID), trained on the protocol's first fold

Options:
  --data DIR              MovieLens folder (100K, 1M or latest/20M/25M/32M); without it a
                          synthetic MovieLens-format data set is generated in a temp folder
  --model svd|fm          evaluate/recommend: default fm; compare: the candidate (default fm)
  --method als|sgd|mcmc   solver (SVD: als only; FM default mcmc)
  --features GROUPS       FM feature groups, comma list of ${ALL_FEATURE_GROUPS.join(',')}
                          (evaluate/recommend default ${DEFAULT_FM_FEATURES.join(',')};
                          compare ids,user,item)
  --baseline-model, --baseline-method, --baseline-features
                          compare only: the baseline (default svd, als)
  --protocol NAME         bootstrap (default) | canonical (u1..u5) | ua (ua/ub) | holdout | cold-users
  --folds K --repeats R   bootstrap: K folds × R seeded reshuffles (default 2 × 5)
  --test-fraction F       holdout / cold-users: share of ratings / users tested (default 0.2)
  --rank K                factor rank (default 10)
  --iterations N          ALS sweeps, SGD epochs or MCMC samples (default per solver)
  --seed S                seed of the folds and the solvers (default 1)
  --learning-rate R       SGD step size
  --regularization L      a number, or per group: bias=1,factors=1.4 or ids=10,user=5,...
  --init-stdev S          standard deviation of the initial factors (default 0.1)
  --burn-in N             MCMC samples discarded before averaging
  --noise per-user|shared MCMC noise precision: one per user (default) or one for all (libFM)
  --user ID               recommend: the user's id in the data files
  --top N                 recommend: how many unseen films to list (default 10)
  --json                  print one JSON object on stdout (progress stays on stderr)

Examples:
  npx recommender-lab compare --data ../shared/ml-100k
  npx recommender-lab evaluate --data ../shared/ml-100k --model svd --protocol canonical
  npx recommender-lab evaluate --data ../shared/ml-100k --model fm --method als --features ids,user,item --json
  npx recommender-lab recommend --data ../shared/ml-100k --user 196
`;

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

function featureList(flag: string, value: string): FeatureGroup[] {
  const groups = value.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  if (groups.length === 0) throw new UsageError(`${flag} needs at least one of ${ALL_FEATURE_GROUPS.join(', ')}`);
  for (const group of groups) oneOf(flag, group, ALL_FEATURE_GROUPS);
  return groups as FeatureGroup[];
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

function regularization(flag: string, value: string): number | Record<string, number> {
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
