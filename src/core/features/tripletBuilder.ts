import { GrowableFloat64Array, GrowableInt32Array } from '../sparse/growable';
import { fineGroupIndex, type FineGroup } from './groups';

/** Names and fine groups of a block's columns, shared by the builders of one block. */
interface ColumnRegistry {
  readonly names: string[];
  readonly groups: number[];
  readonly columnByName: Map<string, number>;
}

/** Growing coordinate lists, typed (implicit feedback adds an entry per rating), and a name → column registry. */
export class TripletBuilder {
  readonly rows: GrowableInt32Array;
  readonly columns: GrowableInt32Array;
  readonly values: GrowableFloat64Array;
  private readonly registry: ColumnRegistry;

  constructor(expectedEntries: number, registry?: ColumnRegistry) {
    this.rows = new GrowableInt32Array(expectedEntries);
    this.columns = new GrowableInt32Array(expectedEntries);
    this.values = new GrowableFloat64Array(expectedEntries);
    this.registry = registry ?? { names: [], groups: [], columnByName: new Map() };
  }

  /** Column names ("age=25-34"), in column order. */
  get names(): readonly string[] {
    return this.registry.names;
  }

  /** Index into FINE_GROUPS per column. */
  get groups(): readonly number[] {
    return this.registry.groups;
  }

  /** An empty builder with the same columns (rows of a different kind, e.g. context rows). */
  withSameColumns(expectedEntries: number): TripletBuilder {
    return new TripletBuilder(expectedEntries, this.registry);
  }

  column(group: FineGroup, name: string): number {
    const key = `${group}=${name}`;
    const { names, groups, columnByName } = this.registry;
    let column = columnByName.get(key);
    if (column === undefined) {
      column = names.length;
      columnByName.set(key, column);
      names.push(key);
      groups.push(fineGroupIndex(group));
    }
    return column;
  }

  add(row: number, column: number, value: number): void {
    this.rows.push(row);
    this.columns.push(column);
    this.values.push(value);
  }
}
