import type { FitResult, TrainingHooks } from '../train/types';
import type { FmProblem } from './progress';

export function trainFmSgd(problem: FmProblem, hooks: TrainingHooks | undefined): Omit<FitResult, 'seconds'> {
  void problem;
  void hooks;
  throw new Error('not yet');
}
