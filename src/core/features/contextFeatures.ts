/**
 * The rows of the user and film blocks when they are context rows (contextRows.ts): each row is
 * its owner's features, built once per owner as usual, plus the time features of its pair.
 */
import type { Ratings } from '../data/types';
import { fromTriplets } from '../sparse/sparseMatrix';
import type { ContextRows, SideRows } from './contextRows';
import type { FeatureGroup } from './groups';
import { dayLabel, filmAgeLabel, monthLabel, monthOfDay } from './timeContext';
import type { TripletBuilder } from './tripletBuilder';

/** Training ratings of context rows as ratings of their owners (implicit feedback and raters are per owner). */
export function ownerRatings(rows: ContextRows, train: Ratings): Ratings {
  return {
    ...train,
    user: Int32Array.from(train.user, (row) => rows.user.owner[row]),
    item: Int32Array.from(train.item, (row) => rows.item.owner[row]),
  };
}

/** The user block per context row: the owner's features, then the rating's date, (user, day) and month. */
export function userContextRows(owners: TripletBuilder, rows: ContextRows, enabled: ReadonlySet<FeatureGroup>): TripletBuilder {
  const rawId = rows.data.users.rawId;
  const byDay = rows.keys.user === 'day';
  return expand(owners, rows.user, (builder, row, owner, time) => {
    if (time < 0) return;
    if (byDay && enabled.has('ratingDate')) builder.add(row, builder.column('ratingDate', dayLabel(time)), 1);
    if (byDay && enabled.has('userDay')) builder.add(row, builder.column('userDay', `${rawId[owner]}@${dayLabel(time)}`), 1);
    if (enabled.has('ratingMonth')) builder.add(row, builder.column('ratingMonth', monthLabel(byDay ? monthOfDay(time) : time)), 1);
  });
}

/** The film block per context row: the owner's features, then the film's age bucket at rating time. */
export function itemContextRows(owners: TripletBuilder, rows: ContextRows, enabled: ReadonlySet<FeatureGroup>): TripletBuilder {
  return expand(owners, rows.item, (builder, row, _owner, time) => {
    if (time >= 0 && enabled.has('filmAge')) builder.add(row, builder.column('filmAge', filmAgeLabel(time)), 1);
  });
}

/** Copies each owner's entries to each of its rows and lets `addTime` add the row's own. */
function expand(
  owners: TripletBuilder,
  side: SideRows,
  addTime: (builder: TripletBuilder, row: number, owner: number, time: number) => void,
): TripletBuilder {
  const ownerCount = side.ownerStart.length - 1;
  const byOwner = fromTriplets(ownerCount, owners.names.length, owners.rows.view(), owners.columns.view(), owners.values.view());
  let entries = 0;
  for (let row = 0; row < side.count; row++) entries += byOwner.offsets[side.owner[row] + 1] - byOwner.offsets[side.owner[row]] + 3;
  const builder = owners.withSameColumns(entries);
  for (let row = 0; row < side.count; row++) {
    const owner = side.owner[row];
    for (let entry = byOwner.offsets[owner]; entry < byOwner.offsets[owner + 1]; entry++) builder.add(row, byOwner.indices[entry], byOwner.values[entry]);
    addTime(builder, row, owner, side.time[row]);
  }
  return builder;
}
