import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * When each of the session's extension hosts started (ms since the epoch, ascending), from the
 * "Extension host with pid N started" line of every window's remoteexthost.log. A reloaded
 * window gets a new host: the latest start is that window's.
 */
export function extensionHostStarts(logs: string): number[] {
  const starts: number[] = [];
  for (const session of listFolder(logs)) {
    for (const host of listFolder(path.join(logs, session))) {
      const file = path.join(logs, session, host, 'remoteexthost.log');
      if (!host.startsWith('exthost') || !fs.existsSync(file)) continue;
      // "2026-12-03 16:15:45.753 [info] Extension host with pid 25751 started": local time, as Date.parse reads it.
      const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[info\] Extension host with pid \d+ started$/m.exec(
        fs.readFileSync(file, 'utf8'),
      );
      if (match !== null) starts.push(Date.parse(`${match[1]}T${match[2]}`));
    }
  }
  return starts.sort((first, second) => first - second);
}

function listFolder(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    return [];
  }
}

/** The lines of the extension's Output channel (its "Recommender Lab.log" files, every window) that match `pattern`. */
export function extensionLogLines(logs: string, pattern: RegExp): string[] {
  const files = fs
    .readdirSync(logs, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('Recommender Lab.log'))
    .map((entry) => path.join(entry.parentPath, entry.name));
  return files.flatMap((file) => fs.readFileSync(file, 'utf8').split('\n')).filter((line) => pattern.test(line));
}
