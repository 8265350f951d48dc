/**
 * The comparison's verdict as the page's headline: the article's claim beside the measured paired
 * gain, why they differ, and what the best FM's extra feature groups buy (shared/verdict.ts words
 * it once; the CLI prints the same lines).
 */
import type { TrainingPanelState } from '../../src/shared/trainingPanelState';
import { articleVerdict } from '../../src/shared/verdict';
import { element, replaceChildren } from '../shared/dom';
import { badge } from '../ui/badge';

const STANDING_TEXT = { below: 'below the claim', within: 'within the claim', above: 'above the claim' } as const;

export class VerdictView {
  readonly element = element('section', { className: 'verdict', attributes: { 'aria-label': 'Verdict' } });
  private drawn = '';

  update(state: TrainingPanelState): void {
    // A comparison run; Compare Runs of two stored runs is not the article's experiment.
    const comparison = state.result?.kind === 'compare' && state.compared === undefined ? state.result.comparison : undefined;
    const verdict = comparison === undefined ? undefined : articleVerdict(comparison);
    const key = JSON.stringify(verdict ?? null);
    if (key === this.drawn) return;
    this.drawn = key;
    this.element.hidden = verdict === undefined;
    if (verdict === undefined) {
      replaceChildren(this.element, []);
      return;
    }
    const rows: Node[] = [
      element('p', { className: 'verdict-headline' }, [
        element('span', { text: verdict.headline }),
        ' ',
        badge(STANDING_TEXT[verdict.standing], { className: `standing standing-${verdict.standing}` }),
      ]),
      element('p', { className: 'verdict-explanation', text: verdict.explanation }),
    ];
    if (verdict.best !== undefined) rows.push(element('p', { className: 'verdict-best', text: verdict.best }));
    replaceChildren(this.element, rows);
  }
}
