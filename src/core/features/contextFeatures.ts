/**
 * The rows of the film block when they are (film, age) rows (contextRows.ts): each row is its
 * film's features, built once per film as usual, plus the film's age bucket.
 */
import type { Ratings } from '../data/types';
import { fromTriplets } from '../sparse/sparseMatrix';
import type { ContextRows, SideRows } from './contextRows';
import type { FeatureGroup } from './groups';
import { filmAgeBucket, filmAgeLabel, monthLabel } from './timeContext';
import type { TripletBuilder } from './tripletBuilder';

/** Training ratings of film rows as ratings of their films (raters are per film). */
export function ownerRatings(rows: ContextRows, train: Ratings): Ratings {
  return { ...train, item: Int32Array.from(train.item, (row) => rows.item.owner[row]) };
}

/**
 * The film block per (film, age) or (film, month) row: the film's features, then the film's age
 * bucket at rating time and, by month, the (film, month) one-hot.
 */
export function itemContextRows(owners: TripletBuilder, rows: ContextRows, enabled: ReadonlySet<FeatureGroup>): TripletBuilder {
  const { rawId, year } = rows.data.items;
  return expand(owners, rows.item, (builder, row, time) => {
    if (time < 0) return;
    const film = rows.item.owner[row];
    const age = rows.key === 'month' ? filmAgeBucket(1970 + Math.floor(time / 12), year[film]) : time;
    if (age >= 0 && enabled.has('filmAge')) builder.add(row, builder.column('filmAge', filmAgeLabel(age)), 1);
    if (rows.key === 'month' && enabled.has('filmMonth'))
      builder.add(row, builder.column('filmMonth', `${rawId[film]}@${monthLabel(time)}`), 1);
  });
}

/** Copies each owner's entries to each of its rows and lets `addTime` add the row's own. */
function expand(
  owners: TripletBuilder,
  side: SideRows,
  addTime: (builder: TripletBuilder, row: number, time: number) => void,
): TripletBuilder {
  const ownerCount = side.ownerStart.length - 1;
  const byOwner = fromTriplets(ownerCount, owners.names.length, owners.rows.view(), owners.columns.view(), owners.values.view());
  let entries = 0;
  for (let row = 0; row < side.count; row++) entries += byOwner.offsets[side.owner[row] + 1] - byOwner.offsets[side.owner[row]] + 2;
  const builder = owners.withSameColumns(entries);
  for (let row = 0; row < side.count; row++) {
    const owner = side.owner[row];
    for (let entry = byOwner.offsets[owner]; entry < byOwner.offsets[owner + 1]; entry++)
      builder.add(row, byOwner.indices[entry], byOwner.values[entry]);
    addTime(builder, row, side.time[row]);
  }
  return builder;
}
