/** Builds the Spot Check panel's DOM from a SpotCheckState: user header and three bar charts. */
import type { RatedFilm, SpotCheckState } from '../../src/shared/spotCheckPanelState';
import { element, replaceChildren } from '../shared/dom';
import { formatRating } from '../shared/format';
import { readThemeColors } from '../shared/theme';
import { badge } from '../ui/badge';
import { RatingChart } from './ratingCharts';
import type { BarSeriesKind } from './ratingCharts';

const GENDER: Record<string, string> = { M: 'male', F: 'female' };

/** Pixels per film row of a bar chart (paired rows need room for two bars). */
const ROW_HEIGHT = { single: 26, paired: 40 } as const;

export class SpotCheckView {
  private charts: RatingChart[] = [];

  constructor(private readonly root: HTMLElement, private readonly openFilm: (itemId: number) => void) {}

  render(state: SpotCheckState): void {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
    const { user } = state;
    const facts: HTMLElement[] = [];
    if (user.age !== undefined) facts.push(badge(`age ${user.age}`));
    if (user.gender) facts.push(badge(GENDER[user.gender] ?? user.gender));
    if (user.occupation) facts.push(badge(user.occupation));
    facts.push(badge(`${user.ratingCount} ratings`));
    const header = element('header', { className: 'panel-header' }, [
      element('div', { className: 'title-row' }, [element('h1', { text: `User ${user.id}` }), ...facts]),
      element('div', { className: 'meta', text: `Model: ${state.runLabel}` }),
    ]);
    const sections = [
      this.section(
        'Top rated films (training ratings)',
        'The user\'s own highest ratings.',
        state.history,
        ['actual'],
        'history',
      ),
      this.section(
        'Recommended among the user\'s test films',
        'Held-out films ranked by predicted rating: actual vs predicted.',
        state.recommendedFromTest,
        ['actual', 'predicted'],
        'test',
      ),
      this.section(
        `Top ${state.topUnseen.length} recommendations among unseen films`,
        'Films the user has not rated in training, by predicted rating.',
        state.topUnseen,
        ['predicted'],
        'unseen',
      ),
    ];
    replaceChildren(this.root, [header, element('div', { className: 'spot-sections' }, sections)]);
  }

  applyTheme(): void {
    const colors = readThemeColors();
    for (const chart of this.charts) chart.applyTheme(colors);
  }

  private section(
    title: string,
    note: string,
    films: readonly RatedFilm[],
    series: readonly BarSeriesKind[],
    name: string,
  ): HTMLElement {
    const children: Node[] = [element('h2', { text: title }), element('p', { className: 'legend-note', text: note })];
    if (films.length === 0) {
      children.push(element('p', { className: 'hint', text: 'No films.' }));
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
    const rowHeight = series.length > 1 ? ROW_HEIGHT.paired : ROW_HEIGHT.single;
    const box = element('div', { className: 'chart-box' }, [canvas]);
    // Height follows the number of bars (set through CSSOM, which the CSP allows).
    box.style.height = `${films.length * rowHeight + (series.length > 1 ? 80 : 50)}px`;
    children.push(box);
    this.charts.push(new RatingChart(canvas, { films, series, onFilmClick: this.openFilm }, readThemeColors()));
    return element('section', { className: `chart-section spot-${name}` }, children);
  }
}
