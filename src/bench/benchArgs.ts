/** What a bench's command line takes: `--name value` options, bare switches, then its usage line. */
export interface BenchCommandLine {
  /** "npm run bench:x [-- DIR] [--only NAME,…]": printed by --help and after a mistake. */
  readonly usage: string;
  readonly options: readonly string[];
  readonly switches?: readonly string[];
}

export interface BenchArgs {
  readonly positional: readonly string[];
  option(name: string): string | undefined;
  has(name: string): boolean;
}

/**
 * Splits a bench's arguments. An unknown `--flag` or an option without its value is refused with
 * the usage, so that a typo never passes for a data folder.
 */
export function parseBenchArgs(argv: readonly string[], line: BenchCommandLine): BenchArgs {
  const options = new Map<string, string>();
  const switches = new Set<string>();
  const positional: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (line.options.includes(argument)) {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`${argument} needs a value\nusage: ${line.usage}`);
      options.set(argument, value);
      index++;
    } else if (line.switches?.includes(argument)) switches.add(argument);
    else if (argument.startsWith('-')) throw new Error(`unknown option ${argument}\nusage: ${line.usage}`);
    else positional.push(argument);
  }
  return {
    positional,
    option: (name) => options.get(name),
    has: (name) => switches.has(name) || options.has(name),
  };
}
