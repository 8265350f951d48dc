import * as assert from 'node:assert/strict';
import { defaultModelConfig } from '../../../src/core/config/modelConfig';
import { defaultProtocolConfig } from '../../../src/core/config/protocolConfig';
import type { MovieLensData } from '../../../src/core/data/types';
import { evaluate } from '../../../src/core/eval/evaluate';
import { makeFolds } from '../../../src/core/eval/protocols';
import { trainModel } from '../../../src/core/eval/trainModel';
import type { FeatureGroup } from '../../../src/core/features/groups';
import { Random } from '../../../src/core/random';
import { dataOf, ratingsOf } from '../eval/fixtures';

const DAY = 86_400;

/**
 * Planted time effects: each user rates on two days; every rating of a day moves by that day's
 * global shift (±0.4) and by the user's own shift for the day (±0.6), on top of item biases.
 */
function plantedDays(seed: number): MovieLensData {
  const random = new Random(seed);
  const users = 80;
  const items = 50;
  const itemBias = Array.from({ length: items }, () => random.normal() * 0.5);
  const dayShift = Array.from({ length: 6 }, (_, day) => (day % 2 === 0 ? -0.4 : 0.4));
  const userIds: number[] = [];
  const itemIds: number[] = [];
  const values: number[] = [];
  const days: number[] = [];
  for (let user = 0; user < users; user++) {
    const userDays = [random.nextUint32() % 3, 3 + (random.nextUint32() % 3)];
    const userShift = userDays.map(() => (random.nextUint32() % 2 === 0 ? -0.6 : 0.6));
    const order = random.permutation(items);
    for (let position = 0; position < 30; position++) {
      const which = position % 2;
      const day = userDays[which];
      userIds.push(user);
      itemIds.push(order[position]);
      values.push(3 + itemBias[order[position]] + dayShift[day] + userShift[which] + random.normal() * 0.2);
      days.push(10_000 + day);
    }
  }
  const ratings = { ...ratingsOf(userIds, itemIds, values), timestamp: Float64Array.from(days, (day) => day * DAY) };
  return dataOf(ratings, users, items);
}

describe('time-aware feature groups (planted day effects)', () => {
  const data = plantedDays(4);
  const protocol = defaultProtocolConfig({ protocol: 'holdout', testFraction: 0.2, seed: 3 });
  const rmseOf = (features: FeatureGroup[], method: 'mcmc' | 'als' = 'mcmc'): number =>
    evaluate(data, defaultModelConfig('fm', { method, features, rank: 2, iterations: 60, seed: 2 }), protocol).rmse.mean;

  it('ratingDate and userDay recover the planted day shifts down to the noise; ratingMonth cannot', () => {
    const ids = rmseOf(['ids']);
    const month = rmseOf(['ids', 'ratingMonth']);
    const date = rmseOf(['ids', 'ratingDate']);
    const userDay = rmseOf(['ids', 'userDay']);
    // Noise 0.2. The date one-hot gets the global shifts by its weight and the user's own through
    // its factor's interaction with the user id (same row); userDay is the (user, day) pair itself.
    for (const [name, value] of [
      ['ratingDate', date],
      ['userDay', userDay],
    ] as const) {
      assert.ok(value < 0.26 && value < ids - 0.3, `${name} ${value} vs ids ${ids}`);
    }
    // All six days fall in one month: the month says nothing.
    assert.ok(Math.abs(month - ids) < 0.03, `ratingMonth ${month} vs ids ${ids}`);
  });

  it('ALS trains with them too; the model comes back with one row per user and film', () => {
    assert.ok(Number.isFinite(rmseOf(['ids', 'userDay', 'ratingMonth', 'filmAge'], 'als')));
    // Issue 11's further groups, on both sides, under both solvers.
    const further: FeatureGroup[] = ['ids', 'implicit', 'userDay', 'dayImplicit', 'userDrift', 'dayFrequency', 'filmMonth'];
    assert.ok(rmseOf(further, 'als') < rmseOf(['ids'], 'als') + 0.05);
    assert.ok(rmseOf(further) < 0.26, 'MCMC with them still finds the planted day shifts');
    const monthly = trainModel(
      data,
      makeFolds(data, protocol)[0],
      defaultModelConfig('fm', { features: further, rank: 2, iterations: 10 }),
    );
    assert.equal(monthly.model.itemCount, data.items.count);
    const [fold] = makeFolds(data, protocol);
    const fit = trainModel(data, fold, defaultModelConfig('fm', { features: ['ids', 'userDay'], rank: 2, iterations: 20 }));
    assert.equal(fit.model.userCount, data.users.count);
    assert.equal(fit.model.itemCount, data.items.count);
    assert.equal(fit.testPredictions.length, fold.test.length);
  });
});
