/**
 * `npm run synth -- --ratings 25000000 --out DIR [--format csv|1m|100k] [--seed S] [--users N] [--items N]`:
 * writes a synthetic MovieLens-format folder (bundled to dist/synth.js). Never overwrites files.
 */
import { SYNTHETIC_FORMATS, writeSyntheticRelease, type SyntheticFormat } from '../core/data/syntheticRelease';

const USAGE = `usage: npm run synth -- --ratings N --out DIR [--format ${SYNTHETIC_FORMATS.join('|')}] [--seed S] [--users N] [--items N]
  Writes N ratings in a MovieLens release's format (default csv: ratings.csv, movies.csv as ml-25m)
  with MovieLens-like marginals, seeded (default seed 1). DIR must not hold the files already.
`;

function main(argv: readonly string[]): number {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index];
    if (!['--ratings', '--out', '--format', '--seed', '--users', '--items'].includes(flag) || index + 1 >= argv.length) {
      process.stderr.write(`synth: unexpected '${flag}'\n${USAGE}`);
      return 2;
    }
    values.set(flag, argv[index + 1]);
  }
  const whole = (flag: string, minimum: number): number | undefined => {
    const text = values.get(flag);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!(Number.isSafeInteger(value) && value >= minimum)) throw new Error(`${flag} must be a whole number ≥ ${minimum}, got '${text}'`);
    return value;
  };
  try {
    const ratings = whole('--ratings', 1);
    const out = values.get('--out');
    if (ratings === undefined || out === undefined) throw new Error('--ratings and --out are required');
    const format = (values.get('--format') ?? 'csv') as SyntheticFormat;
    if (!SYNTHETIC_FORMATS.includes(format)) throw new Error(`--format must be one of ${SYNTHETIC_FORMATS.join(', ')}, got '${format}'`);
    const started = process.hrtime.bigint();
    const summary = writeSyntheticRelease(out, {
      ratings,
      format,
      seed: whole('--seed', 0),
      users: whole('--users', 1),
      items: whole('--items', 2),
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(
      `${out}: ${summary.ratings} ratings, ${summary.users} users, ${summary.items} films (${format}: ${summary.files.join(', ')}; ` +
        `${(summary.bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`synth: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
