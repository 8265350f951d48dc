import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadMovieLens, loadSplit } from '../../../src/core/data/load';
import { defaultProtocolConfig } from '../../../src/core/config/protocolConfig';
import { makeFolds } from '../../../src/core/eval/protocols';
import { defaultModelConfig } from '../../../src/core/config/modelConfig';
import { DEFAULT_FM_FEATURES } from '../../../src/core/config/schema';
import { trainModel } from '../../../src/core/eval/trainModel';
import { trainFm } from '../../../src/core/fm/trainFm';
import { fmConfig, testRmse } from './plantedData';

const FOLDER = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'ml-100k');

describe('FM-MCMC accuracy on MovieLens 100K (u1)', function () {
  before(function () {
    if (!fs.existsSync(path.join(FOLDER, 'u1.base'))) {
      console.log(`    (skipped: MovieLens 100K not found at ${FOLDER}; download it from GroupLens to run this test)`);
      this.skip();
    }
  });

  it('the default features (side, implicit, raters, userDay), per-user noise, 60 samples: RMSE ≤ 0.890 on u1', () => {
    const data = loadMovieLens(FOLDER);
    const fold = loadSplit(data, 'u1');
    const config = defaultModelConfig('fm', { features: [...DEFAULT_FM_FEATURES], rank: 10, iterations: 60, burnIn: 5, noise: 'per-user' });
    const fit = trainModel(data, fold, config);
    const rmse = testRmse(fit.testPredictions, fold);
    // Measured 0.8854, 0.8870, 0.8859 with seeds 1, 2, 3 (0.8792 with 200 samples). With 60 samples
    // ids alone reach 0.922, ids + side features 0.904 and the default without userDay 0.891, so
    // the bound fails if userDay or the implicit features stop helping; the margin covers the
    // chain's spread (about ±0.002).
    assert.ok(rmse <= 0.89, `u1 RMSE ${rmse.toFixed(4)}`);
    assert.equal(fit.model.userCount, data.users.count);
    assert.equal(fit.model.itemCount, data.items.count);
  });

  it('cold users: user side features do not make predictions worse than ids alone', () => {
    const data = loadMovieLens(FOLDER);
    const [fold] = makeFolds(data, defaultProtocolConfig({ protocol: 'cold-users', seed: 1 }));
    const rmse = (features: ('ids' | 'user')[]): number =>
      testRmse(trainFm(data, fold, fmConfig({ features, rank: 10, iterations: 60 })).testPredictions, fold);
    const idsOnly = rmse(['ids']);
    const withUser = rmse(['ids', 'user']);
    // Measured 0.992 and 0.998. Without the id group's prior means for cold rows the side
    // features lost the common part the ids carry: 1.042 against 0.997.
    assert.ok(withUser <= idsOnly + 0.015, `ids ${idsOnly.toFixed(4)}, ids+user ${withUser.toFixed(4)}`);
  });
});
