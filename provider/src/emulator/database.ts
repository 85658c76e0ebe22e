import { type Clock, toSqlDatetime } from "./clock";
import { CURRENT_TIMESTAMP, columnOf, FOREIGN_KEYS, type Row, TABLES, type TableDef, type TableName } from "./schema";
import { sqlErrors } from "./sql-error";
import { coerceColumnValue, sqlEquals } from "./value-coercion";

export type Tables = Record<TableName, Row[]>;

export function emptyTables(): Tables {
  return { service_providers: [], webhooks: [], accounts: [], applications: [], api_keys: [], account_limits: [] };
}

/**
 * The portal's MySQL database, reduced to what its handlers rely on: unknown columns, NOT NULL, column types,
 * UNIQUE keys and foreign keys each fail the way MySQL does. There are no transactions, as in the portal (portal-behaviour.md §8): each
 * call is one statement, and statements already run stay applied when a later one fails.
 */
export class Database {
  constructor(
    private readonly tables: Tables,
    private readonly clock: Clock,
    private readonly onWrite: () => void,
  ) {}

  /** Copies of the matching rows, in insertion order. */
  select(table: TableName, where: (row: Readonly<Row>) => boolean = () => true): Row[] {
    return this.tables[table].filter(where).map((row) => ({ ...row }));
  }

  /** `SELECT * FROM <table> WHERE <column> = ?`, with the case-insensitive collation. */
  findBy(table: TableName, column: string, value: unknown): Row | undefined {
    const row = this.tables[table].find((r) => sqlEquals(r[column], value));
    return row ? { ...row } : undefined;
  }

  count(table: TableName, where: (row: Readonly<Row>) => boolean = () => true): number {
    return this.tables[table].filter(where).length;
  }

  insert(table: TableName, values: Readonly<Record<string, unknown>>): Row {
    const def = TABLES[table];
    const assigned = this.coerceAssignments(def, values);
    const row: Row = {};
    for (const column of def.columns) {
      if (column.name in assigned) row[column.name] = assigned[column.name] ?? null;
      else if (column.defaultValue === CURRENT_TIMESTAMP) row[column.name] = toSqlDatetime(this.clock());
      else if (column.defaultValue !== undefined) row[column.name] = column.defaultValue;
      else if (column.notNull) throw sqlErrors.noDefault(column.name);
      else row[column.name] = null;
    }
    this.checkUnique(def, row, undefined);
    this.checkParents(table, row, undefined);
    this.tables[table].push(row);
    this.onWrite();
    return { ...row };
  }

  /** Returns the number of matched rows (mysql2's affectedRows with FOUND_ROWS). */
  update(table: TableName, where: (row: Readonly<Row>) => boolean, values: Readonly<Record<string, unknown>>): number {
    const def = TABLES[table];
    const changes = this.coerceAssignments(def, values);
    const targets = this.tables[table].filter(where);
    // A statement is atomic: check every target before changing any.
    for (const target of targets) {
      const next = { ...target, ...changes };
      this.checkUnique(def, next, target);
      this.checkParents(table, next, target);
    }
    for (const target of targets) Object.assign(target, changes);
    if (targets.length > 0) this.onWrite();
    return targets.length;
  }

  /** Deletes matching rows plus ON DELETE CASCADE children; any other child row still pointing at them fails it. */
  delete(table: TableName, where: (row: Readonly<Row>) => boolean): number {
    const doomed = this.tables[table].filter(where);
    if (doomed.length === 0) return 0;
    const plan = new Map<TableName, Set<Row>>();
    this.planCascade(plan, table, doomed);
    for (const [parentTable, parents] of plan) {
      for (const fk of FOREIGN_KEYS) {
        if (fk.parentTable !== parentTable || fk.onDeleteCascade) continue;
        const alsoDeleted = plan.get(fk.table);
        const blocked = this.tables[fk.table].some(
          (child) => !alsoDeleted?.has(child) && [...parents].some((p) => sqlEquals(child[fk.column], p[fk.parentColumn])),
        );
        if (blocked) throw sqlErrors.parentRowReferenced(fk);
      }
    }
    for (const [t, rows] of plan) {
      const kept = this.tables[t].filter((row) => !rows.has(row));
      this.tables[t].splice(0, this.tables[t].length, ...kept);
    }
    this.onWrite();
    return doomed.length;
  }

  private planCascade(plan: Map<TableName, Set<Row>>, table: TableName, rows: Row[]): void {
    const planned = plan.get(table) ?? new Set<Row>();
    plan.set(table, planned);
    const fresh = rows.filter((row) => !planned.has(row));
    for (const row of fresh) planned.add(row);
    for (const fk of FOREIGN_KEYS) {
      if (fk.parentTable !== table || !fk.onDeleteCascade) continue;
      const children = this.tables[fk.table].filter((child) =>
        fresh.some((parent) => sqlEquals(child[fk.column], parent[fk.parentColumn])),
      );
      if (children.length > 0) this.planCascade(plan, fk.table, children);
    }
  }

  // MySQL resolves every column name before it converts any value.
  private coerceAssignments(def: TableDef, values: Readonly<Record<string, unknown>>): Row {
    for (const key of Object.keys(values)) {
      if (!columnOf(def.name, key)) throw sqlErrors.unknownColumn(key);
    }
    const out: Row = {};
    for (const [key, raw] of Object.entries(values)) {
      const column = columnOf(def.name, key);
      if (column) out[key] = coerceColumnValue(column, raw);
    }
    return out;
  }

  private checkUnique(def: TableDef, row: Row, self: Row | undefined): void {
    for (const column of def.columns) {
      const value = row[column.name];
      if (column.uniqueKey === undefined || value === null || value === undefined) continue;
      const clash = this.tables[def.name].some((other) => other !== self && sqlEquals(other[column.name], value));
      if (clash) throw sqlErrors.duplicateEntry(String(value), column.uniqueKey);
    }
  }

  // InnoDB checks a child's foreign key on insert, and on update only when the column changes.
  private checkParents(table: TableName, row: Row, before: Row | undefined): void {
    for (const fk of FOREIGN_KEYS) {
      if (fk.table !== table) continue;
      const value = row[fk.column];
      if (value === null || value === undefined) continue;
      if (before && before[fk.column] === value) continue;
      const found = this.tables[fk.parentTable].some((parent) => sqlEquals(parent[fk.parentColumn], value));
      if (!found) throw sqlErrors.childRowMissingParent(fk);
    }
  }
}
