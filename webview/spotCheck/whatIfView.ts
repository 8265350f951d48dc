/**
 * The Spot Check panel for a new user (cold-start what-if): a form of the inputs the model sees, the
 * features it made of them, and the top films with how each moved since the inputs last changed.
 * The form is built once per run and kept while the results redraw, so a field keeps its focus.
 */
import { featureLabel, foldLabel, newUserLabel, whatIfFallbackText } from '../../src/shared/labels';
import { droppedFilms, rankChanges, rankChangeText } from '../../src/shared/whatIfState';
import type { NewUser, RankChange, WhatIfState } from '../../src/shared/whatIfState';
import { element, replaceChildren } from '../shared/dom';
import { formatRating } from '../shared/format';
import { readThemeColors, seriesColor } from '../shared/theme';
import { badge } from '../ui/badge';

export interface WhatIfActions {
  /** The form changed: score the user again with these inputs. */
  score(user: NewUser): void;
  /** Ask the host for a film to add to the liked ones. */
  pickLikedFilm(): void;
}

const NOT_GIVEN = '';

export class WhatIfView {
  private form: WhatIfForm | undefined;
  private readonly header = element('header', { className: 'panel-header' });
  private readonly results = element('div', { className: 'what-if-results' });
  private state: WhatIfState | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: WhatIfActions,
  ) {}

  render(state: WhatIfState): void {
    const sameRun = this.state?.runId === state.runId && this.form !== undefined && this.root.contains(this.header);
    this.state = state;
    const fold = foldLabel(state.foldName);
    replaceChildren(this.header, [
      element('div', { className: 'title-row' }, [element('h1', { text: 'New user' }), badge('what if'), ...inputBadges(state.inputs)]),
      element('div', {
        className: 'meta model-line',
        text: `Predictions by ${state.modelLabel}, trained on the training part of ${fold}`,
        attributes: { title: `Run: ${state.runLabel}` },
      }),
    ]);
    if (!sameRun || this.form === undefined) {
      this.form = new WhatIfForm(state, this.actions);
      replaceChildren(this.root, [this.header, this.form.element, this.results]);
    } else {
      this.form.update(state);
    }
    replaceChildren(this.results, [...banners(state), recommendationsSection(state, (itemId) => this.like(itemId))]);
  }

  /** The bars take the theme's colour: drawn again on a theme change. */
  applyTheme(): void {
    if (this.state !== undefined && this.root.contains(this.results)) {
      replaceChildren(this.results, [...banners(this.state), recommendationsSection(this.state, (itemId) => this.like(itemId))]);
    }
  }

  /** "Liked it" on a recommended film: it joins the liked films and the user is scored again. */
  private like(itemId: number): void {
    const inputs = this.form?.inputs() ?? this.state?.inputs ?? {};
    this.actions.score({ ...inputs, liked: [...(inputs.liked ?? []), itemId] });
  }
}

function inputBadges(user: NewUser): HTMLElement[] {
  return [badge(newUserLabel(user).replace(/^new user: /, ''), { title: 'What the new user is, as given' })];
}

function banners(state: WhatIfState): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (state.fallback !== undefined) {
    out.push(
      element('div', { className: 'banner banner-warning what-if-fallback', attributes: { role: 'status' } }, [
        element('span', { text: whatIfFallbackText(state.fallback, state.modelLabel) }),
      ]),
    );
  }
  if (state.deleted === true) {
    out.push(
      element('div', { className: 'banner banner-warning', attributes: { role: 'status' } }, [
        element('strong', { text: 'Run deleted. ' }),
        element('span', { text: 'The model behind these predictions is gone; this panel keeps what it showed until you close it.' }),
      ]),
    );
  }
  return out;
}

/** The inputs as form fields; each change scores the user again. */
class WhatIfForm {
  readonly element: HTMLElement;
  private readonly age = element('input', {
    attributes: { type: 'number', min: '0', max: '150', step: '1', id: 'what-if-age', placeholder: 'not given' },
  });
  private readonly gender = select('what-if-gender', [
    [NOT_GIVEN, 'not given'],
    ['F', 'female'],
    ['M', 'male'],
  ]);
  private readonly occupation: HTMLSelectElement;
  private readonly zip = element('input', { attributes: { type: 'text', maxlength: '20', id: 'what-if-zip', placeholder: 'not given' } });
  private readonly likedList = element('ul', { className: 'liked-films' });
  private readonly features = element('p', { className: 'legend-note what-if-features' });
  private liked: { readonly itemId: number; readonly title: string }[] = [];

  constructor(
    state: WhatIfState,
    private readonly actions: WhatIfActions,
  ) {
    this.occupation = select('what-if-occupation', [
      [NOT_GIVEN, 'not given'],
      ...state.occupations.map((name): [string, string] => [name, name]),
    ]);
    for (const field of [this.age, this.gender, this.occupation, this.zip]) field.addEventListener('change', () => this.changed());
    const addLiked = element('button', {
      className: 'link-button',
      text: 'Add a liked film…',
      attributes: { type: 'button', id: 'what-if-add-liked' },
    });
    addLiked.addEventListener('click', () => actions.pickLikedFilm());
    const demographics = state.occupations.length > 0;
    this.element = element('section', { className: 'what-if-form' }, [
      element('h2', { text: 'The new user' }),
      element('p', {
        className: 'legend-note',
        text: 'Change anything and the model scores the user again; the table then shows how each film moved.',
      }),
      element('div', { className: 'form-grid' }, [
        ...(demographics
          ? [field('Age', this.age), field('Gender', this.gender), field('Occupation', this.occupation), field('Zip code', this.zip)]
          : [element('p', { className: 'hint', text: 'This data has no demographics: only liked films describe a new user.' })]),
      ]),
      element('div', { className: 'liked-row' }, [
        element('span', { className: 'field-label', text: 'Liked films' }),
        this.likedList,
        addLiked,
      ]),
      this.features,
    ]);
    this.update(state);
  }

  /** Shows the state's inputs, except in the field being edited. */
  update(state: WhatIfState): void {
    const { inputs } = state;
    setValue(this.age, inputs.age === undefined ? '' : String(inputs.age));
    setValue(this.gender, inputs.gender ?? NOT_GIVEN);
    setValue(this.occupation, inputs.occupation ?? NOT_GIVEN);
    setValue(this.zip, inputs.zip ?? '');
    this.liked = [...state.liked];
    replaceChildren(
      this.likedList,
      this.liked.length === 0
        ? [element('li', { className: 'hint', text: 'none' })]
        : this.liked.map((film) => {
            const remove = element('button', {
              className: 'chip-remove',
              text: '×',
              attributes: { type: 'button', title: `Remove ${film.title}`, 'aria-label': `Remove ${film.title}` },
            });
            remove.addEventListener('click', () => {
              this.liked = this.liked.filter((other) => other.itemId !== film.itemId);
              this.changed();
            });
            return element('li', { className: 'chip' }, [element('span', { text: film.title }), remove]);
          }),
    );
    const titleOf = (itemId: number): string | undefined => state.liked.find((film) => film.itemId === itemId)?.title;
    const used = state.used.map((feature) => featureLabel(feature, titleOf));
    const parts: string[] = [];
    if (state.basis === 'model') {
      parts.push(
        used.length === 0
          ? "The model's row for this user: the cold-start row every new user shares (no input is a feature of it)."
          : `The model\'s row for this user: ${used.join(' · ')}.`,
      );
      if (state.unknown.length > 0) parts.push(`Not features of this model: ${state.unknown.join(', ')}.`);
    }
    this.features.textContent = parts.join(' ');
  }

  inputs(): NewUser {
    const age = this.age.value.trim();
    const zip = this.zip.value.trim();
    const gender = this.gender.value;
    const user: { -readonly [Key in keyof NewUser]: NewUser[Key] } = {};
    if (/^\d{1,3}$/.test(age) && Number(age) <= 150) user.age = Number(age);
    if (gender === 'F' || gender === 'M') user.gender = gender;
    if (this.occupation.value !== NOT_GIVEN) user.occupation = this.occupation.value;
    if (zip !== '') user.zip = zip.slice(0, 20);
    if (this.liked.length > 0) user.liked = this.liked.map((film) => film.itemId);
    return user;
  }

  private changed(): void {
    this.actions.score(this.inputs());
  }
}

function select(id: string, options: readonly (readonly [string, string])[]): HTMLSelectElement {
  return element(
    'select',
    { attributes: { id } },
    options.map(([value, label]) => element('option', { text: label, attributes: { value } })),
  );
}

function field(label: string, control: HTMLElement): HTMLElement {
  return element('label', { className: 'form-field' }, [element('span', { className: 'field-label', text: label }), control]);
}

function setValue(control: HTMLInputElement | HTMLSelectElement, value: string): void {
  if (document.activeElement !== control) control.value = value;
}

/** The top films: rank, title, predicted rating as a bar (or training ratings), the change, and "Liked it". */
function recommendationsSection(state: WhatIfState, like: (itemId: number) => void): HTMLElement {
  const byModel = state.basis === 'model';
  const films = state.recommendations;
  const changes = rankChanges(films, state.previous);
  // Before the first change there is nothing to compare with: no column for it.
  const hasChanges = state.previous !== undefined;
  const barColor = seriesColor(readThemeColors(), 1);
  // Bars from 0: to the rating scale's top (5 unless a prediction says more), or to the most ratings.
  const scaleTop = Math.max(5, ...films.map((film) => film.predicted ?? 0));
  const mostRatings = Math.max(1, ...films.map((film) => film.trainCount));
  const rows = films.map((film, index) => {
    const share = byModel ? (film.predicted ?? 0) / scaleTop : film.trainCount / mostRatings;
    const bar = element('span', { className: 'value-bar' });
    bar.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
    bar.style.backgroundColor = barColor;
    const likeButton = element('button', {
      className: 'link-button',
      text: 'Liked it',
      attributes: { type: 'button', title: `Add ${film.title} to the liked films and score again` },
    });
    likeButton.addEventListener('click', () => like(film.itemId));
    return element('tr', { attributes: { 'data-film': String(film.itemId) } }, [
      element('td', { className: 'numeric', text: String(index + 1) }),
      element('td', { text: film.title }),
      element('td', {}, [
        element('div', { className: 'bar-cell' }, [
          element('span', { className: 'bar-track' }, [bar]),
          element('span', { className: 'bar-value', text: byModel ? formatRating(film.predicted) : String(film.trainCount) }),
        ]),
      ]),
      ...(hasChanges ? [element('td', { className: `change ${changeClass(changes[index])}`, text: rankChangeText(changes[index]) })] : []),
      element('td', {}, [likeButton]),
    ]);
  });
  // A film that left the list because it was liked did not drop: it is among the liked films now.
  const liked = new Set(state.liked.map((film) => film.itemId));
  const dropped = droppedFilms(films, state.previous).filter((film) => !liked.has(film.itemId));
  const title = byModel ? `Top ${films.length} films for this user` : `Top ${films.length} films by popularity`;
  const note = byModel
    ? 'All films but the liked ones, by the rating the model predicts for this user.'
    : 'Films by their number of ratings in the training part: the same for every new user.';
  return element('section', { className: 'chart-section what-if-top' }, [
    element('h2', { text: title }),
    element('p', { className: 'legend-note', text: note }),
    element('table', { className: 'plain-table what-if-table' }, [
      element('thead', {}, [
        element('tr', {}, [
          element('th', { className: 'numeric', text: '#' }),
          element('th', { text: 'Film' }),
          element('th', { text: byModel ? 'Predicted rating' : 'Training ratings' }),
          ...(hasChanges
            ? [
                element('th', {
                  text: 'Since the last change',
                  attributes: { title: 'Places up (↑) or down (↓) and the change in predicted rating since the inputs last changed' },
                }),
              ]
            : []),
          element('th', { className: 'visually-hidden', text: 'Action' }),
        ]),
      ]),
      element('tbody', {}, rows),
    ]),
    ...(dropped.length === 0
      ? []
      : [
          element('p', {
            className: 'legend-note what-if-dropped',
            text: `No longer in the top ${films.length}: ${dropped.map((film) => film.title).join('; ')}.`,
          }),
        ]),
  ]);
}

function changeClass(change: RankChange | undefined): string {
  if (change === undefined) return '';
  if (change.kind === 'new') return 'change-new';
  return change.places > 0 ? 'change-up' : change.places < 0 ? 'change-down' : 'change-same';
}
