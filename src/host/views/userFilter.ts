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
