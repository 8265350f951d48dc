import type { CatalogUser } from '../../shared/catalog';

/** "196 · 49 · M · writer · 39 ratings" */
export function userLabel(user: CatalogUser): string {
  const parts = [String(user.id)];
  if (user.age !== undefined) parts.push(String(user.age));
  if (user.gender !== undefined) parts.push(user.gender);
  if (user.occupation !== undefined) parts.push(user.occupation);
  parts.push(`${user.ratingCount} ratings`);
  return parts.join(' · ');
}

/**
 * Whether a user matches a filter: every space-separated word must match. A number matches the id
 * or the age exactly; "M"/"F" the gender; other words a part of the occupation.
 */
export function matchesFilter(user: CatalogUser, filter: string): boolean {
  const words = filter.trim().toLowerCase().split(/\s+/).filter((word) => word.length > 0);
  return words.every((word) => {
    if (/^\d+$/.test(word)) return user.id === Number(word) || user.age === Number(word);
    if (word === 'm' || word === 'f') return user.gender?.toLowerCase() === word;
    return user.occupation?.toLowerCase().includes(word) ?? false;
  });
}
