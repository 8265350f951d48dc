/**
 * The engine calls the worker makes, gathered in one place so the worker's other files do not
 * depend on where in src/core each function lives.
 */
export { loadMovieLens } from '../core/data/load';
export { evaluate, compare } from '../core/eval/evaluate';
export type { EvaluationHooks, FoldEvent } from '../core/eval/evaluate';
export { makeFolds } from '../core/eval/protocols';
export { spotCheck } from '../core/recommend/spotCheck';
