import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadMovieLens, loadSplit } from '../../../src/core/data/load';
import { rmse } from '../../../src/core/eval/metrics';
import { trainSvdAls } from '../../../src/core/svd/trainSvdAls';
import { defaultModelConfig } from '../../../src/core/config/modelConfig';

const folder = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'ml-100k');

describe('SVD-ALS accuracy on MovieLens 100K (u1)', () => {
  it('default settings reach RMSE ≤ 0.93 on u1', function () {
    if (!fs.existsSync(path.join(folder, 'u1.base'))) {
      console.log(`      (skipped: MovieLens 100K not found at ${folder})`);
      this.skip();
    }
    const data = loadMovieLens(folder);
    const fold = loadSplit(data, 'u1');
    const fit = trainSvdAls(data, fold, defaultModelConfig('svd'));
    const score = rmse(fold.test.rating, fit.testPredictions);
    // Measured 0.9225 on u1 (u1..u5 mean 0.9102; u1 is the hardest split). libFM ALS ids: 0.9138
    // mean. 0.93 leaves room for float noise but fails if regularization or the solver regress
    // (biases alone give 0.955 on u1; ALS-WR's λ·n at λ=0.15, 0.929; at λ=0.05, 0.978).
    assert.ok(score <= 0.93, `u1 RMSE ${score.toFixed(4)}`);
  });
});
