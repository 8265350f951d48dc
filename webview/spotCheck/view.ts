/** Builds the Spot Check panel's DOM from a SpotCheckState: user header and three bar charts. */
import { foldLabel } from '../../src/shared/labels';
import type { RatedFilm, SpotCheckState } from '../../src/shared/spotCheckPanelState';
import { element, replaceChildren } from '../shared/dom';
import { formatRating } from '../shared/format';
import { readThemeColors, seriesColor } from '../shared/theme';
import type { ThemeColors } from '../shared/theme';
import { badge } from '../ui/badge';
import { RatingChart } from './ratingCharts';
import { axisTitle } from './ratingCharts';
import { distributionList } from './ratingDistribution';
import type { BarSeriesKind } from './ratingCharts';

const GENDER: Record<string, string> = { M: 'male', F: 'female' };

/** Pixels per film row of a bar chart (paired rows need room for two bars, wrapped titles for two lines). */
const ROW_HEIGHT = { single: 26, wrapped: 34, paired: 40 } as const;

export class SpotCheckView {
  private charts: RatingChart[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly openFilm: (itemId: number) => void,
  ) {}

  render(state: SpotCheckState): void {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
    const { user } = state;
    const facts: HTMLElement[] = [];
    if (user.age !== undefined) facts.push(badge(`age ${user.age}`));
    if (user.gender) facts.push(badge(GENDER[user.gender] ?? user.gender));
    if (user.occupation) facts.push(badge(user.occupation));
    facts.push(badge(`${user.ratingCount} ratings`));
    const fold = state.foldName === undefined ? undefined : foldLabel(state.foldName);
    const model = state.modelLabel ?? state.runLabel;
    const header = element('header', { className: 'panel-header' }, [
      element('div', { className: 'title-row' }, [element('h1', { text: `User ${user.id}` }), ...facts]),
      element('div', {
        className: 'meta model-line',
        text: `Predictions by ${model}${fold === undefined ? '' : `, trained on the training part of ${fold}`}`,
        attributes: { title: `Run: ${state.runLabel}` },
      }),
    ]);
    const sections = [
      this.section(
        fold === undefined ? 'Top rated films (training ratings)' : `Top rated films in the training part of ${fold}`,
        "The user's own highest ratings among the ones the model learnt from.",
        state.history,
        ['actual'],
        'history',
        fullHistorySection(state),
      ),
      this.section(
        "Recommended among the user's test films",
        `Held-out films${fold === undefined ? '' : ` (test part of ${fold})`} ranked by predicted rating: actual vs predicted.`,
        state.recommendedFromTest,
        ['actual', 'predicted'],
        'test',
        distributionList(state.ratingLevels, state.recommendedFromTest),
      ),
      this.section(
        `Top ${state.topUnseen.length} recommendations among unseen films`,
        'Films the user has not rated in training, by predicted rating.',
        state.topUnseen,
        ['predicted'],
        'unseen',
        distributionList(state.ratingLevels, state.topUnseen),
      ),
    ];
    const banner =
      state.deleted === true
        ? [
            element('div', { className: 'banner banner-warning', attributes: { role: 'status' } }, [
              element('strong', { text: 'Run deleted. ' }),
              element('span', { text: 'The model behind these predictions is gone; this panel keeps what it showed until you close it.' }),
            ]),
          ]
        : [];
    replaceChildren(this.root, [header, ...banner, element('div', { className: 'spot-sections' }, sections)]);
    this.setPredictedColor(readThemeColors());
  }

  applyTheme(): void {
    const colors = readThemeColors();
    for (const chart of this.charts) chart.applyTheme(colors);
    this.setPredictedColor(colors);
  }

  /**
   * The distribution strips take the charts' predicted colour, made opaque: the theme's own
   * charts.orange can be translucent (Dark Modern's is a third opaque), which reads as dark brown.
   */
  private setPredictedColor(colors: ThemeColors): void {
    this.root.style.setProperty('--rl-predicted', seriesColor(colors, 1));
  }

  private section(
    title: string,
    note: string,
    films: readonly RatedFilm[],
    series: readonly BarSeriesKind[],
    name: string,
    after?: HTMLElement,
  ): HTMLElement {
    const children: Node[] = [element('h2', { text: title }), element('p', { className: 'legend-note', text: note })];
    if (films.length === 0) {
      children.push(element('p', { className: 'hint', text: 'No films.' }));
      if (after !== undefined) children.push(after);
      return element('section', { className: `chart-section spot-${name}` }, children);
    }
    // The canvas's fallback content is an accessible list of the same numbers (and text tests can read).
    const fallback = element(
      'ol',
      {},
      films.map((film) =>
        element('li', {
          text: `${film.title}: ${series.map((kind) => `${kind} ${formatRating(film[kind])}`).join(', ')}`,
        }),
      ),
    );
    const canvas = element(
      'canvas',
      { attributes: { role: 'img', 'aria-label': title, 'data-bars': String(films.length * series.length) } },
      [fallback],
    );
    const wrapped = films.some((film) => Array.isArray(axisTitle(film.title)));
    const rowHeight = series.length > 1 ? ROW_HEIGHT.paired : wrapped ? ROW_HEIGHT.wrapped : ROW_HEIGHT.single;
    const box = element('div', { className: 'chart-box' }, [canvas]);
    // Height follows the number of bars (set through CSSOM, which the CSP allows).
    box.style.height = `${films.length * rowHeight + (series.length > 1 ? 80 : 50)}px`;
    children.push(box);
    this.charts.push(new RatingChart(canvas, { films, series, onFilmClick: this.openFilm }, readThemeColors()));
    if (after !== undefined) children.push(after);
    return element('section', { className: `chart-section spot-${name}` }, children);
  }
}

/**
 * Every rating of the user, each with the part of the fold it was in and the prediction, folded
 * away under a summary (a user may have hundreds).
 */
function fullHistorySection(state: SpotCheckState): HTMLElement | undefined {
  const films = state.fullHistory;
  if (films === undefined || films.length === 0) return undefined;
  const total = state.user.ratingCount;
  const listed = films.length < total ? ` (the ${films.length} best listed)` : '';
  const rows = films.map((film) =>
    element('tr', {}, [
      element('td', { text: film.title }),
      element('td', { className: 'numeric', text: formatRating(film.actual).replace(/\.00$/, '') }),
      element('td', { className: 'numeric', text: formatRating(film.predicted) }),
      element('td', { text: film.part === 'train' ? 'training' : film.part === 'test' ? 'test (held out)' : '—' }),
    ]),
  );
  const table = element('table', { className: 'plain-table' }, [
    element('thead', {}, [
      element('tr', {}, [
        element('th', { text: 'Film' }),
        element('th', { className: 'numeric', text: 'Rating' }),
        element('th', { className: 'numeric', text: 'Predicted' }),
        element('th', { text: 'Part of the fold' }),
      ]),
    ]),
    element('tbody', {}, rows),
  ]);
  return element('details', { className: 'full-history' }, [
    element('summary', { text: `Full history: all ${total} ratings, training and test part${listed}` }),
    table,
  ]);
}
