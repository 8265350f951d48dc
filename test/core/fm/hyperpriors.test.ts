import * as assert from 'node:assert/strict';
import { buildFeatureBlocks } from '../../../src/core/features/featureBlocks';
import { createState } from '../../../src/core/fm/fmState';
import { sampleUserNoise } from '../../../src/core/fm/hyperpriors';
import { Random } from '../../../src/core/random';
import { plantedData } from './plantedData';

describe('per-user noise precision', () => {
  const planted = plantedData({ users: 200, items: 120, ratingsPerUser: 60 });
  const { train } = planted.fold;
  const state = createState(buildFeatureBlocks(planted.data, train, ['ids']), train.user, train.item, train.rating, 2, 0.1, new Random(1));

  it('draws a lower precision for users with larger residuals, one value per user on all their cases', () => {
    // Residuals of sd 0.5 for the first half of the users, 1.5 for the rest; shared α = 2.
    const ALPHA = 2;
    const random = new Random(3);
    for (let row = 0; row < state.user.rows; row++) {
      const scale = row < 100 ? 0.5 : 1.5;
      for (let index = state.userCaseStart[row]; index < state.userCaseStart[row + 1]; index++)
        state.residual[index] = scale * random.normal();
    }
    const DEGREES = 100;
    const precision = new Float64Array(state.user.rows);
    sampleUserNoise(state, ALPHA, DEGREES, precision, new Random(4));
    // The draw's mean is (ν + n_u) / (ν + α Σ e²); averaged over 100 users the ratio is within a few %.
    const ratioToPosteriorMean = (from: number, to: number): number => {
      let total = 0;
      for (let row = from; row < to; row++) {
        let squares = 0;
        for (let index = state.userCaseStart[row]; index < state.userCaseStart[row + 1]; index++) squares += state.residual[index] ** 2;
        const count = state.userCaseStart[row + 1] - state.userCaseStart[row];
        total += precision[row] / ((DEGREES + count) / (DEGREES + ALPHA * squares));
      }
      return total / (to - from);
    };
    const mean = (from: number, to: number): number => precision.slice(from, to).reduce((total, value) => total + value, 0) / (to - from);
    assert.ok(Math.abs(ratioToPosteriorMean(0, 100) - 1) < 0.05, `calm users: ${ratioToPosteriorMean(0, 100)}`);
    assert.ok(Math.abs(ratioToPosteriorMean(100, 200) - 1) < 0.05, `erratic users: ${ratioToPosteriorMean(100, 200)}`);
    assert.ok(mean(0, 100) > 1.5 * mean(100, 200), `calm ${mean(0, 100).toFixed(3)} vs erratic ${mean(100, 200).toFixed(3)}`);
    for (let row = 0; row < state.user.rows; row++) assert.equal(state.userWeight[row], precision[row], `user row ${row}`);
  });

  it("ν sets how far users may differ: a small ν follows each user's residuals, a large one stays near 1", () => {
    const spread = (degrees: number): number => {
      const precision = new Float64Array(state.user.rows);
      sampleUserNoise(state, 2, degrees, precision, new Random(5));
      const calm = precision.slice(0, 100).reduce((total, value) => total + value, 0) / 100;
      const erratic = precision.slice(100, 200).reduce((total, value) => total + value, 0) / 100;
      return calm / erratic;
    };
    // The residuals of the test above: sd 0.5 against 1.5 (variance ratio 9).
    assert.ok(spread(1) > 4, `ν = 1: ${spread(1).toFixed(2)}`);
    assert.ok(spread(1e5) < 1.05, `ν = 10^5: ${spread(1e5).toFixed(3)}`);
    assert.ok(spread(1) > spread(100) && spread(100) > spread(1e4));
  });
});
