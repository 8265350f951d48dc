import { fineGroupIndex } from '../features/groups';
import type { BlockState, ContextState, FmState, GroupPriors } from './blockState';

/**
 * A user or film with no training rating has no id feature (nothing informs it, so the design
 * drops it). Under the MCMC prior an unseen id's w and v have their group's means μ_w and μ_v,
 * so the posterior predictive must add them. Left out, a cold row loses the common part that
 * every warm row's id carries, which the side features were balancing: on ml-100k cold users
 * that made user side features worse than ids alone (RMSE 1.04 against 0.997).
 *
 * The same holds for a context row without training ratings (a test rating on a day its user
 * has no training rating on): its userDay, and its date if no training rating has it, were left
 * out, so it takes those groups' means (the expected effect of an unseen day), not another day's.
 *
 * Runs `action` with the means added to the cold rows' caches, then takes them out again. Cold
 * rows have no training cases, so the residuals do not depend on their caches.
 */
export function withColdRowPriorMeans<T>(state: FmState, priors: GroupPriors, action: () => T): T {
  shiftColdRows(state.user, state.rank, priors, fineGroupIndex('userId'), 1);
  shiftColdRows(state.item, state.rank, priors, fineGroupIndex('itemId'), 1);
  if (state.context !== null) shiftColdContextRows(state.context, state.rank, priors, 1);
  shiftedBy.set(state, priors);
  try {
    return action();
  } finally {
    shiftedBy.delete(state);
    shiftColdRows(state.user, state.rank, priors, fineGroupIndex('userId'), -1);
    shiftColdRows(state.item, state.rank, priors, fineGroupIndex('itemId'), -1);
    if (state.context !== null) shiftColdContextRows(state.context, state.rank, priors, -1);
  }
}

/** Adds (sign 1) or takes out (−1) each cold context row's missing groups' means. */
function shiftColdContextRows(context: ContextState, rank: number, priors: GroupPriors, sign: 1 | -1): void {
  const { coldRow, coldGroup } = context.block;
  const { linear, sums, squares } = context;
  for (let pair = 0; pair < coldRow.length; pair++) {
    const row = coldRow[pair];
    const group = coldGroup[pair];
    linear[row] += sign * priors.weightMean[group];
    for (let factor = 0; factor < rank; factor++) {
      const mean = priors.factorMean[group * rank + factor];
      sums[row * rank + factor] += sign * mean;
      squares[row * rank + factor] += sign * mean * mean;
    }
  }
}

// The priors whose means the state's cold rows hold while `action` runs: the model export reads
// them (a new user is a cold row, userSide.ts) without the solvers passing them along.
const shiftedBy = new WeakMap<FmState, GroupPriors>();

/** The priors whose means the cold rows hold now (inside withColdRowPriorMeans), else undefined. */
export function coldRowPriors(state: FmState): GroupPriors | undefined {
  return shiftedBy.get(state);
}

function shiftColdRows(side: BlockState, rank: number, priors: GroupPriors, group: number, sign: 1 | -1): void {
  if (!blockHasGroup(side, group)) return;
  const weightMean = priors.weightMean[group] * sign;
  const { rows, caseCount, linear, sums, squares } = side;
  for (let row = 0; row < rows; row++) {
    if (caseCount[row] !== 0) continue;
    linear[row] += weightMean;
    for (let factor = 0; factor < rank; factor++) {
      const mean = priors.factorMean[group * rank + factor];
      sums[row * rank + factor] += sign * mean;
      squares[row * rank + factor] += sign * mean * mean;
    }
  }
}

function blockHasGroup(side: BlockState, group: number): boolean {
  const featureGroup = side.block.featureGroup;
  for (let feature = 0; feature < featureGroup.length; feature++) if (featureGroup[feature] === group) return true;
  return false;
}
