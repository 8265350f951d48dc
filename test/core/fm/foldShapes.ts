import { buildFeatureBlocks } from '../../../src/core/features/featureBlocks';
import { createState } from '../../../src/core/fm/fmState';
import { Random } from '../../../src/core/random';
import { plantedData, withDays } from './plantedData';

/**
 * Builds the blocks and state of two folds (a context block of the user's days) and says, per
 * object, whether the two folds' have the same V8 map. Run bundled, in a process started with
 * --allow-natives-syntax (the check is V8's %HaveSameMap); a test helper (foldShapes.test.ts).
 */
export function foldShapes(): Record<string, boolean> {
  const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
  const folds = [1, 2].map((seed) => {
    const planted = plantedData({ users: 30, items: 20, ratingsPerUser: 8, seed });
    const { train, test } = withDays(planted.fold, 5, seed);
    const blocks = buildFeatureBlocks(planted.data, train, ['ids', 'user', 'implicit', 'userDay'], test);
    return { blocks, state: createState(blocks, train.user, train.item, train.rating, 3, 0.1, new Random(seed)) };
  });
  const [first, second] = folds;
  return {
    'context block': sameMap(first.blocks.context!, second.blocks.context!),
    'user block': sameMap(first.blocks.user, second.blocks.user),
    'context state': sameMap(first.state.context!, second.state.context!),
    'user state': sameMap(first.state.user, second.state.user),
    state: sameMap(first.state, second.state),
  };
}
