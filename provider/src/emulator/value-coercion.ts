import { type ColumnDef, type SqlValue } from "./schema";
import { sqlErrors } from "./sql-error";

/**
 * Turns a JSON value from a request body into what MySQL (strict mode) would store in the column, or throws the
 * error MySQL would raise. The portal writes bodies with `INSERT/UPDATE ... SET ?` through sqlstring, so:
 * - `undefined` and `null` are NULL;
 * - booleans are 1/0;
 * - a nested object becomes the literal string `'[object Object]'` (portal-behaviour.md §2.3, §3.5);
 * - a one-element array is its element, any other array is a syntax error.
 */
export function coerceColumnValue(column: ColumnDef, raw: unknown): SqlValue {
  if (raw === undefined || raw === null) {
    if (column.notNull) throw sqlErrors.cannotBeNull(column.name);
    return null;
  }
  if (Array.isArray(raw)) {
    if (raw.length !== 1 || Array.isArray(raw[0])) throw sqlErrors.syntax();
    return coerceColumnValue(column, raw[0]);
  }
  if (typeof raw === "boolean") return coerceColumnValue(column, raw ? 1 : 0);
  const value: string | number = typeof raw === "number" ? raw : typeof raw === "string" ? raw : String(raw);

  switch (column.type.kind) {
    case "char":
    case "varchar":
      return checkLength(column, String(value), column.type.length);
    case "text":
      return checkLength(column, String(value), 65535);
    case "int":
      return toInteger(column, value, column.type.min, column.type.max);
    case "enum":
      return toEnum(column, value, column.type.values);
    case "datetime":
      return toDatetime(column, value);
  }
}

function checkLength(column: ColumnDef, value: string, maxChars: number): string {
  if ([...value].length > maxChars) throw sqlErrors.dataTooLong(column.name);
  return value;
}

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

function toInteger(column: ColumnDef, value: string | number, min: number, max: number): number {
  const n = typeof value === "number" ? value : NUMERIC.test(value) ? Number(value) : Number.NaN;
  if (Number.isNaN(n)) throw sqlErrors.incorrectInteger(String(value), column.name);
  const rounded = Math.round(n);
  if (!Number.isFinite(rounded) || rounded < min || rounded > max) throw sqlErrors.outOfRange(column.name);
  return rounded;
}

// MySQL ENUMs compare case-insensitively and store the declared spelling; a number is a 1-based index.
function toEnum(column: ColumnDef, value: string | number, values: readonly string[]): string {
  if (typeof value === "number") {
    const byIndex = Number.isInteger(value) ? values[value - 1] : undefined;
    if (byIndex === undefined) throw sqlErrors.dataTruncated(column.name);
    return byIndex;
  }
  const wanted = value.replace(/ +$/, "").toLowerCase();
  const match = values.find((v) => v.toLowerCase() === wanted);
  if (match === undefined) throw sqlErrors.dataTruncated(column.name);
  return match;
}

const DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:\d{2})?$/;

function toDatetime(column: ColumnDef, value: string | number): string {
  const match = typeof value === "string" ? DATETIME.exec(value.trim()) : null;
  if (!match) throw sqlErrors.incorrectDatetime(String(value), column.name);
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", zone] = match;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = parts;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw sqlErrors.incorrectDatetime(String(value), column.name);
  }
  // The server runs in UTC; an explicit offset is converted, fractions are rounded to whole seconds.
  const offsetMs = zone && zone !== "Z" ? offsetToMs(zone) : 0;
  const roundedMs = Math.round(Number(`0.${frac}`)) * 1000;
  return new Date(utc - offsetMs + roundedMs).toISOString();
}

function offsetToMs(zone: string): number {
  const sign = zone.startsWith("-") ? -1 : 1;
  const [hh = "0", mm = "0"] = zone.slice(1).split(":");
  return sign * (Number(hh) * 60 + Number(mm)) * 60_000;
}

/**
 * Equality in a WHERE clause: the portal's tables use a case-insensitive collation, so an upper-case SID finds the
 * lower-case row (portal-behaviour.md §0.1) and `Foo.example.com` collides with `foo.example.com`.
 */
export function sqlEquals(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  return normalise(a) === normalise(b);
}

function normalise(value: unknown): string {
  return String(value).replace(/ +$/, "").toLowerCase();
}
