/** Pure helpers over SpotCheckState, shared by the host and the Spot Check webview. */
import type { SpotCheckState } from './protocol';

/** Loose structural check of a persisted or received spot-check state. */
export function isSpotCheckState(value: unknown): value is SpotCheckState {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SpotCheckState>;
  return (
    typeof candidate.runId === 'string' &&
    typeof candidate.user === 'object' &&
    candidate.user !== null &&
    Array.isArray(candidate.history) &&
    Array.isArray(candidate.recommendedFromTest) &&
    Array.isArray(candidate.topUnseen)
  );
}
