import { type Database } from "./database";
import { newSid } from "./ids";
import { DbErrorBadRequest } from "./portal-errors";
import { TABLES, type TableName } from "./schema";
import { sqlEquals } from "./value-coercion";

/**
 * The portal's generic model layer (`Model.make`/`update`/`remove`): a presence check of required keys, a generated
 * primary key that overrides any value in the body, and the whole body as `SET ?` (hence no field whitelist, portal-behaviour.md §2.2).
 */
export function makeRow(db: Database, table: TableName, body: Readonly<Record<string, unknown>>): string {
  const def = TABLES[table];
  const missing = def.requiredOnMake.find((field) => !(field in body));
  if (missing !== undefined) throw new DbErrorBadRequest(`missing field ${missing}`);
  const sid = newSid();
  db.insert(table, { ...body, [def.primaryKey]: sid });
  return sid;
}

/** Returns the number of matched rows; a primary key in the body is refused before any SQL runs (portal-behaviour.md §2.5). */
export function updateRow(db: Database, table: TableName, sid: string | undefined, body: Readonly<Record<string, unknown>>): number {
  const { primaryKey } = TABLES[table];
  if (primaryKey in body) throw new DbErrorBadRequest(`primary key ${primaryKey} is immutable`);
  return db.update(table, (row) => sqlEquals(row[primaryKey], sid), body);
}

export function removeRow(db: Database, table: TableName, sid: string | undefined): number {
  const { primaryKey } = TABLES[table];
  return db.delete(table, (row) => sqlEquals(row[primaryKey], sid));
}
