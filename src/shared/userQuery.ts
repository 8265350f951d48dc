/**
 * Which users the Users view shows: a filter, an order and a page. The worker that holds the data
 * answers it (src/worker/userDirectory.ts), so the host receives a page of users, never all of
 * them (ml-25m has 162 000, ml-32m 200 000). Pure: parsed and matched the same on every side.
 */
import type { CatalogUser } from './catalog';

/** By id (ascending), or the most active first (number of ratings, then id). */
export type UserOrder = 'id' | 'activity';

export interface UserQuery {
  /** Filter text (see parseUserFilter); empty: every user. */
  readonly filter: string;
  readonly order: UserOrder;
  /** The first matching user to send (0-based, in `order`). */
  readonly offset: number;
  /** How many to send at most. */
  readonly limit: number;
}

export interface UserPage {
  /** Users of the data. */
  readonly userCount: number;
  /** Users that match the filter (all of them when it is empty or cannot be read). */
  readonly matching: number;
  readonly offset: number;
  /** Matching users offset .. offset + limit, in the query's order. */
  readonly users: readonly CatalogUser[];
  /** What is wrong with the filter text, when it cannot be read (nothing is then filtered). */
  readonly problem?: string;
}

/** An inclusive range of whole numbers. */
export interface WholeRange {
  readonly min: number;
  readonly max: number;
}

/** One filter word: every word of a filter must match. */
export type UserCondition =
  | { readonly kind: 'idOrAge'; readonly value: number }
  | { readonly kind: 'id'; readonly range: WholeRange }
  | { readonly kind: 'age'; readonly range: WholeRange }
  | { readonly kind: 'ratings'; readonly range: WholeRange }
  | { readonly kind: 'gender'; readonly gender: 'm' | 'f' }
  | { readonly kind: 'occupation'; readonly text: string };

/** What the filter box accepts, for its prompt. */
export const USER_FILTER_HELP =
  'Words that must all match: a number (id or age), id:N or id:N-M, age:25 or age:18-24, ratings:>=100 (or <, >, <=, N-M), M or F, part of an occupation.';

const FIELD_WORD = /^(id|age|ratings):(.*)$/;

/**
 * The conditions of a filter text, or what is wrong with it. Case does not matter. "25": id or
 * age 25; "age:18-24"; "ratings:>=100", "ratings:<20", "ratings:20-50"; "id:100-200"; "m"/"f";
 * any other word: part of the occupation ("occupation:" may prefix it).
 */
export function parseUserFilter(text: string): { readonly conditions: readonly UserCondition[] } | { readonly problem: string } {
  const conditions: UserCondition[] = [];
  for (const word of text.trim().toLowerCase().split(/\s+/)) {
    if (word === '') continue;
    if (/^\d+$/.test(word)) {
      conditions.push({ kind: 'idOrAge', value: Number(word) });
      continue;
    }
    if (word === 'm' || word === 'f') {
      conditions.push({ kind: 'gender', gender: word });
      continue;
    }
    const field = FIELD_WORD.exec(word);
    if (field !== null) {
      const kind = field[1] as 'id' | 'age' | 'ratings';
      const range = parseRange(field[2]);
      if (range === undefined) return { problem: `'${word}': after ${kind}: put a number, a range like 20-50, or >=N, >N, <=N, <N` };
      conditions.push({ kind, range });
      continue;
    }
    const occupation = word.startsWith('occupation:') ? word.slice('occupation:'.length) : word;
    if (occupation === '') return { problem: `'${word}': after occupation: put part of an occupation` };
    conditions.push({ kind: 'occupation', text: occupation });
  }
  return { conditions };
}

function parseRange(text: string): WholeRange | undefined {
  let match = /^(\d+)$/.exec(text);
  if (match !== null) return { min: Number(match[1]), max: Number(match[1]) };
  match = /^(\d+)-(\d+)$/.exec(text);
  if (match !== null) {
    const [low, high] = [Number(match[1]), Number(match[2])];
    return low <= high ? { min: low, max: high } : undefined;
  }
  match = /^(>=|>|<=|<)(\d+)$/.exec(text);
  if (match === null) return undefined;
  const value = Number(match[2]);
  switch (match[1]) {
    case '>=':
      return { min: value, max: Number.MAX_SAFE_INTEGER };
    case '>':
      return { min: value + 1, max: Number.MAX_SAFE_INTEGER };
    case '<=':
      return { min: 0, max: value };
    default:
      return value === 0 ? undefined : { min: 0, max: value - 1 };
  }
}

function within(value: number | undefined, range: WholeRange): boolean {
  return value !== undefined && value >= range.min && value <= range.max;
}

/** Whether a user meets every condition. */
export function matchesUser(user: CatalogUser, conditions: readonly UserCondition[]): boolean {
  return conditions.every((condition) => {
    switch (condition.kind) {
      case 'idOrAge':
        return user.id === condition.value || user.age === condition.value;
      case 'id':
        return within(user.id, condition.range);
      case 'age':
        return within(user.age, condition.range);
      case 'ratings':
        return within(user.ratingCount, condition.range);
      case 'gender':
        return user.gender?.toLowerCase() === condition.gender;
      case 'occupation':
        return user.occupation?.toLowerCase().includes(condition.text) ?? false;
    }
  });
}

/** Whether a user matches a filter text (a filter that cannot be read matches everyone). */
export function matchesFilter(user: CatalogUser, filter: string): boolean {
  const parsed = parseUserFilter(filter);
  return 'problem' in parsed || matchesUser(user, parsed.conditions);
}
