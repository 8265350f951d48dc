import type { ModelConfig } from '../core/train/types';
import type { ProtocolConfig } from '../core/eval/types';
import type { RunRequest } from './run';

/**
 * A short name of a model configuration, e.g. "FM MCMC (ids+user+item+implicit, rank 10)"; an
 * MCMC run without per-user noise (chosen, or stored before it became the default) says
 * "shared noise", so two runs that differ only there can be told apart.
 */
export function modelConfigLabel(model: ModelConfig): string {
  const features = model.model === 'fm' ? `${model.features.join('+')}, ` : '';
  const noise = model.method === 'mcmc' && model.noise !== 'per-user' ? ', shared noise' : '';
  return `${model.model.toUpperCase()} ${model.method.toUpperCase()} (${features}rank ${model.rank}${noise})`;
}

/** The model (evaluate) or "baseline vs candidate" (compare) of a run. */
export function runLabel(request: RunRequest): string {
  if (request.kind === 'compare' && request.candidate !== undefined) {
    return `${modelConfigLabel(request.model)} vs ${modelConfigLabel(request.candidate)}`;
  }
  return modelConfigLabel(request.model);
}

/** E.g. "bootstrap 2-fold × 5" or "canonical u1..u5". */
export function protocolLabel(protocol: ProtocolConfig): string {
  switch (protocol.protocol) {
    case 'bootstrap':
      return `bootstrap ${protocol.folds}-fold × ${protocol.repeats}`;
    case 'canonical':
      return 'canonical u1..u5';
    case 'ua':
      return 'ua/ub split';
    case 'holdout':
      return `holdout ${Math.round(protocol.testFraction * 100)}%`;
    case 'cold-users':
      return `cold users ${Math.round(protocol.testFraction * 100)}%`;
  }
}
