/**
 * FM-MCMC beside libFM's block (relational) mode on u1, feature set by feature set: the same
 * features (libFM gets the project's own blocks, libfmFiles.ts), rank, iterations, init and seed;
 * rounds interleaved (the project first in odd rounds, libFM first in even ones) so that both see
 * the same load on a shared machine; medians per side and their ratio.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadMovieLens } from '../core/data/load';
import { defaultProtocolConfig } from '../core/config/protocolConfig';
import { makeFolds } from '../core/eval/protocols';
import { buildFeatureBlocks } from '../core/features/featureBlocks';
import type { U1Figures } from './child';
import { benchConfigurations, SIDE_BY_SIDE } from './configurations';
import { runLibfm, type LibfmFigures } from './libfm';
import { writeLibfmInput } from './libfmFiles';

export interface SideBySideRow {
  readonly name: string;
  readonly features: string;
  readonly rounds: readonly { readonly project: U1Figures; readonly libfm: LibfmFigures }[];
  /** Medians over the rounds, ms per iteration after the first. */
  readonly project: { readonly wall: number; readonly cpu: number; readonly testRmse: number };
  readonly libfm: { readonly wall: number; readonly cpu: number; readonly testRmse: number };
  /** Project over libFM (below 1: the project is faster). */
  readonly ratio: { readonly wall: number; readonly cpu: number };
}

/** Runs the side-by-side rounds; `runProject` trains a configuration on u1 in a fresh process. */
export async function runSideBySide(
  binary: string,
  dataFolder: string,
  rounds: number,
  runProject: (name: string) => U1Figures,
  log: (text: string) => void,
): Promise<SideBySideRow[]> {
  const data = loadMovieLens(dataFolder);
  const fold = makeFolds(data, defaultProtocolConfig({ protocol: 'canonical' })).find((candidate) => candidate.name === 'u1');
  if (!fold) throw new Error(`${dataFolder} has no u1 split`);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'recommender-lab-libfm-'));
  const rows: SideBySideRow[] = [];
  try {
    for (const name of SIDE_BY_SIDE) {
      const configuration = benchConfigurations().find((candidate) => candidate.name === name);
      if (!configuration) throw new Error(`unknown benchmark configuration '${name}'`);
      const { config } = configuration;
      const input = writeLibfmInput(
        path.join(folder, name.replace(/\W+/g, '-')),
        buildFeatureBlocks(data, fold.train, config.features, fold.test),
        fold,
      );
      const settings = { rank: config.rank, iterations: config.iterations, initStdev: config.initStdev, seed: config.seed };
      const results: { project: U1Figures; libfm: LibfmFigures }[] = [];
      for (let round = 1; round <= rounds; round++) {
        let project: U1Figures;
        let libfm: LibfmFigures;
        if (round % 2 === 1) {
          project = runProject(name);
          libfm = await runLibfm(binary, input, settings);
        } else {
          libfm = await runLibfm(binary, input, settings);
          project = runProject(name);
        }
        log(
          `  ${name} round ${round}: project ${project.msPerIteration.toFixed(1)} ms/it (CPU ${project.cpuMsPerIteration.toFixed(1)}), ` +
            `libFM ${libfm.msPerIteration.toFixed(1)} (CPU ${libfm.cpuMsPerIteration.toFixed(1)})`,
        );
        results.push({ project, libfm });
      }
      const projectSide = {
        wall: median(results.map((result) => result.project.msPerIteration)),
        cpu: median(results.map((result) => result.project.cpuMsPerIteration)),
        testRmse: results[0].project.testRmse,
      };
      const libfmSide = {
        wall: median(results.map((result) => result.libfm.msPerIteration)),
        cpu: median(results.map((result) => result.libfm.cpuMsPerIteration)),
        testRmse: results[0].libfm.testRmse,
      };
      rows.push({
        name,
        features: config.features.join(','),
        rounds: results,
        project: projectSide,
        libfm: libfmSide,
        ratio: { wall: projectSide.wall / libfmSide.wall, cpu: projectSide.cpu / libfmSide.cpu },
      });
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  return rows;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
