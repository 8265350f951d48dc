import assert from 'node:assert/strict';
import { distributionText, levelBars } from '../../webview/spotCheck/ratingDistribution';

describe("webview/ratingDistribution (an ordinal model's rating distribution per film)", () => {
  it('one bar per level, the most likely level full height and the others in proportion', () => {
    const bars = levelBars([1, 2, 3, 4, 5], [0.02, 0.08, 0.3, 0.4, 0.2]);
    assert.deepEqual(
      bars.map((bar) => bar.label),
      ['1', '2', '3', '4', '5'],
    );
    assert.deepEqual(
      bars.map((bar) => Number(bar.height.toFixed(12))),
      [0.05, 0.2, 0.75, 1, 0.5],
    );
    assert.deepEqual(
      levelBars([0.5, 1, 1.5], [0.25, 0.5, 0.25]).map((bar) => bar.label),
      ['0.5', '1', '1.5'],
    );
  });

  it('no bars for a film without a distribution (a Gaussian model) or with one of the wrong length', () => {
    assert.deepEqual(levelBars([1, 2, 3, 4, 5], undefined), []);
    assert.deepEqual(levelBars([1, 2, 3, 4, 5], [0.5, 0.5]), []);
    assert.deepEqual(levelBars([], []), []);
  });

  it("says each level's chance in whole percents (the tooltip and the screen reader's text)", () => {
    assert.equal(
      distributionText(levelBars([1, 2, 3, 4, 5], [0.002, 0.078, 0.305, 0.41, 0.205])),
      '1★ <1 %, 2★ 8 %, 3★ 31 %, 4★ 41 %, 5★ 21 %',
    );
    assert.equal(distributionText(levelBars([1, 2], [0, 1])), '1★ 0 %, 2★ 100 %');
  });
});
