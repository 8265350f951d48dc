import * as assert from 'node:assert/strict';
import { defaultProtocolConfig } from '../../../src/core/config/protocolConfig';
import { makeFolds } from '../../../src/core/eval/protocols';
import { Random } from '../../../src/core/random';
import { instantiateKernel } from '../../../src/core/sparse/kernelInstance';
import { choleskySolve } from '../../../src/core/svd/cholesky';
import { groupRatings, type RatingGroups } from '../../../src/core/svd/ratingGroups';
import { createSideSolver, type SolverSettings } from '../../../src/core/svd/sideSolver';
import { plantedData } from '../eval/fixtures';

const RANK = 4;

/** Four ALS sweeps of the side solvers, compiled per fold or called directly; the final parameters. */
function sweeps(seed: number, compiled: boolean): Float64Array[] {
  const data = plantedData({ users: 80, items: 60, rank: 3, perUser: 20, noise: 0.3, seed });
  const [fold] = makeFolds(data, defaultProtocolConfig({ protocol: 'holdout', testFraction: 0.2, seed }));
  const byUser = groupRatings(fold.train, data.users.count, 'user');
  const byItem = groupRatings(fold.train, data.items.count, 'item');
  const longest = Math.max(longestGroup(byUser), longestGroup(byItem));
  const settings: SolverSettings = {
    rank: RANK,
    globalMean: 3.5,
    biasLambda: 1,
    factorLambda: 1.4,
    matrix: new Float64Array((RANK + 1) ** 2),
    rhs: new Float64Array(RANK + 1),
    columns: new Float64Array(RANK * longest),
    targets: new Float64Array(longest),
  };
  const random = new Random(seed);
  const userBias = new Float64Array(data.users.count);
  const itemBias = new Float64Array(data.items.count);
  const userFactors = new Float64Array(data.users.count * RANK);
  const itemFactors = Float64Array.from({ length: data.items.count * RANK }, () => 0.1 * random.normal());
  const factory = (label: string): typeof createSideSolver => (compiled ? instantiateKernel(createSideSolver, label) : createSideSolver);
  const users = factory('testUsers')(settings, byUser, userBias, userFactors, itemBias, itemFactors, choleskySolve);
  const items = factory('testItems')(settings, byItem, itemBias, itemFactors, userBias, userFactors, choleskySolve);
  for (let sweep = 0; sweep < 4; sweep++) {
    assert.equal(users.solveRows() + items.solveRows(), 0);
  }
  return [userBias, itemBias, userFactors, itemFactors];
}

function longestGroup(groups: RatingGroups): number {
  let longest = 0;
  for (let row = 0; row < groups.count; row++) longest = Math.max(longest, groups.offset[row + 1] - groups.offset[row]);
  return longest;
}

describe('SVD-ALS side solver compiled per fold', () => {
  it('gives the same numbers as the factory called directly, fold after fold', () => {
    for (let seed = 1; seed <= 3; seed++) {
      const compiled = sweeps(seed, true);
      const direct = sweeps(seed, false);
      compiled.forEach((values, index) => assert.deepEqual(values, direct[index], `seed ${seed}, array ${index}`));
      assert.ok(
        compiled[2].some((value) => value !== 0),
        'the user factors were solved',
      );
    }
  });
});
