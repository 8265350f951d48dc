/**
 * libFM's block-structure (BS, "relational") input written from the project's own feature blocks,
 * so libFM learns the same features on the same split (libFM manual §4; formats from libFM's
 * fmatrix.h and matrix.h, little-endian):
 * - `NAME.x` and its transpose `NAME.xt`: header {uint32 id = 2, uint32 float size = 4,
 *   uint64 values, uint32 rows, uint32 columns}, then per row uint32 length and (uint32 column,
 *   float32 value) pairs. MCMC reads only `.xt`; both are written, as libFM's convert/transpose do.
 * - `NAME.y`: {uint32 1, uint32 4, uint32 count} and float32 targets.
 * - `rel.user.train` etc.: each case's row of the relation, binary like `.y` with uint32 values
 *   (relations `rel.user`, `rel.item`, and `rel.context` when the blocks have a context block).
 * - `rel.user.groups`: one group id per feature (text), so libFM draws one prior per group as the
 *   project does per fine group.
 * The main `train`/`test` files have no features of their own: every feature is in a relation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Fold } from '../core/data/types';
import type { FeatureBlock, FeatureBlocks } from '../core/features/featureBlocks';
import { transpose, type SparseMatrix } from '../core/sparse/sparseMatrix';

const SPARSE_FILE_ID = 2;
const VECTOR_FILE_ID = 1;

/** The file arguments of a libFM run on `folder`. */
export interface LibfmInput {
  readonly train: string;
  readonly test: string;
  readonly relations: readonly string[];
}

/** Writes the fold's BS files for `blocks` into `folder` (created if missing). */
export function writeLibfmInput(folder: string, blocks: FeatureBlocks, fold: Fold): LibfmInput {
  fs.mkdirSync(folder, { recursive: true });
  const train = path.join(folder, 'train');
  const test = path.join(folder, 'test');
  for (const [stem, ratings] of [
    [train, fold.train],
    [test, fold.test],
  ] as const) {
    const empty: SparseMatrix = {
      rows: ratings.length,
      columns: 0,
      offsets: new Int32Array(ratings.length + 1),
      indices: new Int32Array(0),
      values: new Float64Array(0),
    };
    writeSparse(`${stem}.x`, empty);
    writeSparse(`${stem}.xt`, transpose(empty));
    writeVector(`${stem}.y`, Float32Array.from(ratings.rating));
  }
  const relations = [
    writeRelation(path.join(folder, 'rel.user'), blocks.user, fold.train.user, fold.test.user),
    writeRelation(path.join(folder, 'rel.item'), blocks.item, fold.train.item, fold.test.item),
  ];
  // The context block is a third relation (libFM's block structure takes any number).
  const { context } = blocks;
  if (context !== null)
    relations.push(writeRelation(path.join(folder, 'rel.context'), context, context.layout.trainRow, context.layout.testRow));
  return { train, test, relations };
}

function writeRelation(stem: string, block: FeatureBlock, trainRows: Int32Array, testRows: Int32Array): string {
  writeSparse(`${stem}.x`, block.matrix);
  writeSparse(`${stem}.xt`, block.byFeature);
  writeVector(`${stem}.train`, Uint32Array.from(trainRows));
  writeVector(`${stem}.test`, Uint32Array.from(testRows));
  // libFM counts groups as max id + 1: number the block's groups densely from 0.
  const dense = new Map<number, number>();
  const lines = Array.from(block.featureGroup, (group) => {
    if (!dense.has(group)) dense.set(group, dense.size);
    return String(dense.get(group));
  });
  fs.writeFileSync(`${stem}.groups`, `${lines.join('\n')}\n`);
  return stem;
}

function writeSparse(file: string, matrix: SparseMatrix): void {
  const { rows, columns, offsets, indices, values } = matrix;
  const entries = offsets[rows];
  const buffer = Buffer.alloc(24 + 4 * rows + 8 * entries);
  buffer.writeUInt32LE(SPARSE_FILE_ID, 0);
  buffer.writeUInt32LE(4, 4);
  buffer.writeBigUInt64LE(BigInt(entries), 8);
  buffer.writeUInt32LE(rows, 16);
  buffer.writeUInt32LE(columns, 20);
  let at = 24;
  for (let row = 0; row < rows; row++) {
    buffer.writeUInt32LE(offsets[row + 1] - offsets[row], at);
    at += 4;
    for (let entry = offsets[row]; entry < offsets[row + 1]; entry++) {
      buffer.writeUInt32LE(indices[entry], at);
      buffer.writeFloatLE(values[entry], at + 4);
      at += 8;
    }
  }
  fs.writeFileSync(file, buffer);
}

function writeVector(file: string, values: Float32Array | Uint32Array): void {
  const header = Buffer.alloc(12);
  header.writeUInt32LE(VECTOR_FILE_ID, 0);
  header.writeUInt32LE(4, 4);
  header.writeUInt32LE(values.length, 8);
  fs.writeFileSync(file, Buffer.concat([header, Buffer.from(values.buffer, values.byteOffset, values.byteLength)]));
}
