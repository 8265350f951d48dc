/**
 * Command-line entry (bundled to dist/cli.js, launched by bin/recommender-lab.js):
 * `recommender-lab evaluate|compare|recommend [options]`; see USAGE in ./args.ts.
 */
import { runCli } from './run';

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
}).then((code) => {
  process.exitCode = code;
});
