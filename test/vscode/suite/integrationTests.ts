/** One integration test file, loaded lazily so mocha's globals exist when it runs. */
export interface TestFile {
  /** Path relative to the repo, for mocha's reports. */
  name: string;
  load(): void;
}

/**
 * The integration test files. Empty here: scripts/vscode/bundleTests.mjs replaces this module,
 * when bundling, with one lazy `require` per `test/integration/**\/*.test.ts` (a bundle cannot glob
 * at run time, and the extension host loads only the bundle).
 */
export const integrationTests: readonly TestFile[] = [];
