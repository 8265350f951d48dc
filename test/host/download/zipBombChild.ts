/**
 * Run as a child process by movieLensUnpack.test.ts, so its peak memory is its own: unpacks a
 * MovieLens archive whose u.data declares 2000 bytes and inflates to 512 MiB, into the folder given
 * as the first argument, and prints the outcome and the peak resident memory before and after.
 */
import { unpackMovieLens } from '../../../src/host/download/movieLensDownload';
import { syntheticMovieLensFiles } from './movieLensFixture';
import { deflatedZeros, makeZipEntries } from './zipFixture';

async function main(parent: string): Promise<void> {
  const entries = [...syntheticMovieLensFiles()]
    .filter(([name]) => name !== 'u.data')
    .map(([name, content]) => ({ name: `ml-100k/${name}`, content }));
  const bomb = makeZipEntries([...entries, { name: 'ml-100k/u.data', deflated: deflatedZeros(512), declaredSize: 2000 }]);
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  let message = 'accepted';
  try {
    await unpackMovieLens(bomb, parent);
  } catch (error) {
    message = error instanceof Error ? error.message : String(error);
  }
  const peakAfter = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ archiveBytes: bomb.length, message, peakBefore, peakAfter }));
}

void main(process.argv[2]);
