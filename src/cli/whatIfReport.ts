/** The cold-start what-if as the CLI prints it: text for a terminal, or one JSON object. */
import type { ModelConfig } from '../core/config/schema';
import type { MovieLensData } from '../core/data/types';
import type { NewUser } from '../core/recommend/newUser';
import type { WhatIfResult } from '../core/recommend/whatIf';
import { featureLabel, newUserLabel, whatIfFallbackText } from '../shared/labels';

/** What the model made of the inputs, then its top films (or popularity's, and why). */
export function formatWhatIf(label: string, user: NewUser, result: WhatIfResult, data: MovieLensData): string {
  const titleOf = (itemId: number): string | undefined => {
    const item = data.itemIndex.get(itemId);
    return item === undefined ? undefined : data.items.title[item];
  };
  const lines = [`What if: ${newUserLabel(user)}`];
  if (result.fallback !== undefined) {
    lines.push(whatIfFallbackText(result.fallback, label));
  } else {
    const used = result.encoding?.used ?? [];
    lines.push(
      `Features of the user's row: ${used.length === 0 ? 'none (the cold-start row every new user shares)' : used.map((feature) => featureLabel(feature, titleOf)).join(', ')}`,
    );
    const unknown = result.encoding?.unknown ?? [];
    if (unknown.length > 0)
      lines.push(`Not features of this model (no training user had them, or the group is off): ${unknown.join(', ')}`);
  }
  if (result.liked.length > 0)
    lines.push(`Liked (not recommended back): ${result.liked.map((film) => `${film.title} [${film.itemId}]`).join('; ')}`);
  const byModel = result.basis === 'model';
  lines.push(
    '',
    byModel ? 'Top films for the new user' : 'Most rated films in the training part',
    `${' '.repeat(6)}${(byModel ? 'pred.' : 'ratings').padStart(7)}  film [id]`,
  );
  result.recommendations.forEach((film, index) => {
    const value = byModel ? (film.predicted ?? Number.NaN).toFixed(2) : String(film.trainCount);
    lines.push(`  ${String(index + 1).padStart(2)}. ${value.padStart(7)}  ${film.title} [${film.itemId}]`);
  });
  return lines.join('\n');
}

/** One object: the inputs, what the row used, and the films with their ids. */
export function whatIfJson(
  label: string,
  foldName: string,
  model: ModelConfig,
  user: NewUser,
  result: WhatIfResult,
): Record<string, unknown> {
  return {
    label,
    fold: foldName,
    model,
    newUser: user,
    basis: result.basis,
    ...(result.fallback === undefined ? {} : { fallback: result.fallback, notice: whatIfFallbackText(result.fallback, label) }),
    features: result.encoding?.used ?? [],
    unknown: result.encoding?.unknown ?? [],
    liked: result.liked.map((film) => ({ itemId: film.itemId, title: film.title })),
    recommendations: result.recommendations.map((film) => ({
      itemId: film.itemId,
      title: film.title,
      ...(film.predicted === undefined ? {} : { predicted: film.predicted }),
      trainCount: film.trainCount,
    })),
  };
}
