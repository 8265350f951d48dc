import * as vscode from 'vscode';
import type { DataCatalog } from '../../shared/catalog';
import { MAX_LIKED_FILMS } from '../../shared/whatIfState';
import type { NewUser } from '../../shared/whatIfState';

const TITLE = 'New User (cold-start what-if)';

/**
 * Asks for a new user's age, gender, occupation, zip and liked films, one step at a time; each may
 * be left out. Undefined when the person pressed Escape. Data without demographics (the CSV
 * releases) skips straight to the liked films.
 */
export async function askNewUser(catalog: DataCatalog): Promise<NewUser | undefined> {
  const occupations = catalog.occupations ?? [];
  const hasDemographics = catalog.occupations !== undefined;
  let user: NewUser = {};
  if (hasDemographics) {
    const age = await vscode.window.showInputBox({
      title: `${TITLE}: 1/5`,
      prompt: 'Age in years (empty: not given)',
      placeHolder: 'e.g. 25',
      validateInput: (text) => (text.trim() === '' || /^\d{1,3}$/.test(text.trim()) ? undefined : 'A whole number of years, or nothing.'),
    });
    if (age === undefined) return undefined;
    if (age.trim() !== '') user = { ...user, age: Number(age.trim()) };
    const gender = await pick(`${TITLE}: 2/5`, 'Gender', [
      { label: 'Female', value: 'F' as const },
      { label: 'Male', value: 'M' as const },
    ]);
    if (gender === undefined) return undefined;
    if (gender !== null) user = { ...user, gender };
    const occupation = await pick(
      `${TITLE}: 3/5`,
      'Occupation',
      occupations.map((name) => ({ label: name, value: name })),
    );
    if (occupation === undefined) return undefined;
    if (occupation !== null) user = { ...user, occupation };
    const zip = await vscode.window.showInputBox({
      title: `${TITLE}: 4/5`,
      prompt: 'Zip code (empty: not given; the model uses its first character)',
      placeHolder: 'e.g. 94110',
      validateInput: (text) => (text.trim().length <= 20 ? undefined : 'At most 20 characters.'),
    });
    if (zip === undefined) return undefined;
    if (zip.trim() !== '') user = { ...user, zip: zip.trim() };
  }
  const liked = await pickFilms(catalog, hasDemographics ? `${TITLE}: 5/5` : TITLE, []);
  if (liked === undefined) return undefined;
  return liked.length === 0 ? user : { ...user, liked };
}

/** One choice or "Not given" (null); undefined on Escape. */
async function pick<Value>(
  title: string,
  what: string,
  choices: readonly { label: string; value: Value }[],
): Promise<Value | null | undefined> {
  const notGiven = { label: 'Not given', description: `leave ${what.toLowerCase()} out`, value: null };
  const chosen = await vscode.window.showQuickPick([notGiven, ...choices], { title, placeHolder: what, matchOnDescription: true });
  return chosen === undefined ? undefined : chosen.value;
}

/**
 * Films the new user liked, searchable by title (none is fine: Enter with nothing ticked). The
 * ones already liked come ticked. Undefined on Escape.
 */
export async function pickFilms(catalog: DataCatalog, title: string, liked: readonly number[]): Promise<number[] | undefined> {
  const items = catalog.items.map((item) => ({
    label: item.title,
    description: `film ${item.id}`,
    id: item.id,
    picked: liked.includes(item.id),
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: `Films they liked (optional, up to ${MAX_LIKED_FILMS}): type to search, tick, Enter`,
    canPickMany: true,
    matchOnDescription: true,
  });
  return chosen?.slice(0, MAX_LIKED_FILMS).map((item) => item.id);
}
