/**
 * An ordinal model's predicted rating distribution of a film, drawn as a row of tiny bars, one per
 * rating level: the shape (sure of a 4, or torn between 2 and 5) that one predicted number hides.
 */
import type { RatedFilm } from '../../src/shared/spotCheckPanelState';
import { element } from '../shared/dom';

/** Pixels of a film's most likely level's bar. */
const BAR_HEIGHT = 24;

export interface LevelBar {
  /** "4", or "3.5" on a half-star scale. */
  readonly label: string;
  readonly probability: number;
  /** Height as a share of the film's tallest bar, so the shape reads however peaked it is. */
  readonly height: number;
}

/** One bar per level; none when the film has no distribution or one of another length. */
export function levelBars(levels: readonly number[], probabilities: readonly number[] | undefined): LevelBar[] {
  if (probabilities === undefined || probabilities.length !== levels.length || levels.length === 0) return [];
  const tallest = Math.max(...probabilities);
  return levels.map((level, index) => ({
    label: String(level),
    probability: probabilities[index],
    height: tallest > 0 ? probabilities[index] / tallest : 0,
  }));
}

/** "1★ 2 %, 2★ 9 %, 3★ 31 %, 4★ 41 %, 5★ 17 %" (whole percents; under 1 % as "<1 %"). */
export function distributionText(bars: readonly LevelBar[]): string {
  return bars.map((bar) => `${bar.label}★ ${formatShare(bar.probability)}`).join(', ');
}

function formatShare(probability: number): string {
  const percent = probability * 100;
  return percent > 0 && percent < 0.5 ? '<1 %' : `${Math.round(percent)} %`;
}

/**
 * Each film's distribution under its chart, in the chart's order; undefined when the state has
 * no levels (a Gaussian model), so such a panel looks as it always did.
 */
export function distributionList(levels: readonly number[] | undefined, films: readonly RatedFilm[]): HTMLElement | undefined {
  if (levels === undefined) return undefined;
  const rows = films.flatMap((film) => {
    const bars = levelBars(levels, film.levelProbabilities);
    if (bars.length === 0) return [];
    const text = `${film.title}: ${distributionText(bars)}`;
    const strip = element(
      'span',
      { className: 'level-strip', attributes: { role: 'img', 'aria-label': `Predicted rating distribution of ${text}`, title: text } },
      bars.map((bar) => {
        const level = element('span', { className: 'level-bar' });
        // Height through CSSOM (the CSP allows it); a hairline for a level with almost no chance.
        level.style.height = `${Math.max(1, Math.round(bar.height * BAR_HEIGHT))}px`;
        return element('span', { className: 'level-column' }, [level, element('span', { className: 'level-label', text: bar.label })]);
      }),
    );
    return [
      element('li', { className: 'distribution-row' }, [element('span', { className: 'distribution-title', text: film.title }), strip]),
    ];
  });
  if (rows.length === 0) return undefined;
  return element('details', { className: 'rating-distributions', attributes: { open: '' } }, [
    element('summary', { text: 'Predicted rating distributions (ordinal model: the probability of each rating)' }),
    element('ol', { className: 'distribution-list' }, rows),
  ]);
}
