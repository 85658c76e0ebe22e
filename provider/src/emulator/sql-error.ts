/**
 * The database errors the portal passes through verbatim (portal-behaviour.md §1.2: anything but a duplicate entry becomes a 500 with
 * the raw message). Wording follows MySQL 5.7, as portal-behaviour.md quotes it; clients should match on the prefix only
 * (portal-behaviour.md §0.1), which is what these messages are for.
 */
export type SqlErrorCode =
  | "ER_BAD_FIELD_ERROR"
  | "ER_BAD_NULL_ERROR"
  | "ER_NO_DEFAULT_FOR_FIELD"
  | "ER_DUP_ENTRY"
  | "ER_NO_REFERENCED_ROW_2"
  | "ER_ROW_IS_REFERENCED_2"
  | "ER_DATA_TOO_LONG"
  | "ER_TRUNCATED_WRONG_VALUE_FOR_FIELD"
  | "ER_TRUNCATED_WRONG_VALUE"
  | "ER_WARN_DATA_OUT_OF_RANGE"
  | "WARN_DATA_TRUNCATED"
  | "ER_PARSE_ERROR";

export class SqlError extends Error {
  override readonly name = "SqlError";

  constructor(
    readonly code: SqlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ForeignKeyDescription {
  readonly table: string;
  readonly column: string;
  readonly constraint: string;
  readonly parentTable: string;
  readonly parentColumn: string;
}

function describeConstraint(fk: ForeignKeyDescription): string {
  return (
    `(\`jambones\`.\`${fk.table}\`, CONSTRAINT \`${fk.constraint}\` FOREIGN KEY (\`${fk.column}\`) ` +
    `REFERENCES \`${fk.parentTable}\` (\`${fk.parentColumn}\`))`
  );
}

export const sqlErrors = {
  unknownColumn: (column: string) => new SqlError("ER_BAD_FIELD_ERROR", `Unknown column '${column}' in 'field list'`),
  cannotBeNull: (column: string) => new SqlError("ER_BAD_NULL_ERROR", `Column '${column}' cannot be null`),
  noDefault: (column: string) => new SqlError("ER_NO_DEFAULT_FOR_FIELD", `Field '${column}' doesn't have a default value`),
  duplicateEntry: (value: string, key: string) => new SqlError("ER_DUP_ENTRY", `Duplicate entry '${value}' for key '${key}'`),
  childRowMissingParent: (fk: ForeignKeyDescription) =>
    new SqlError("ER_NO_REFERENCED_ROW_2", `Cannot add or update a child row: a foreign key constraint fails ${describeConstraint(fk)}`),
  parentRowReferenced: (fk: ForeignKeyDescription) =>
    new SqlError(
      "ER_ROW_IS_REFERENCED_2",
      `Cannot delete or update a parent row: a foreign key constraint fails ${describeConstraint(fk)}`,
    ),
  dataTooLong: (column: string) => new SqlError("ER_DATA_TOO_LONG", `Data too long for column '${column}' at row 1`),
  incorrectInteger: (value: string, column: string) =>
    new SqlError("ER_TRUNCATED_WRONG_VALUE_FOR_FIELD", `Incorrect integer value: '${value}' for column '${column}' at row 1`),
  incorrectDatetime: (value: string, column: string) =>
    new SqlError("ER_TRUNCATED_WRONG_VALUE", `Incorrect datetime value: '${value}' for column '${column}' at row 1`),
  outOfRange: (column: string) => new SqlError("ER_WARN_DATA_OUT_OF_RANGE", `Out of range value for column '${column}' at row 1`),
  dataTruncated: (column: string) => new SqlError("WARN_DATA_TRUNCATED", `Data truncated for column '${column}' at row 1`),
  syntax: () =>
    new SqlError(
      "ER_PARSE_ERROR",
      "You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version " +
        "for the right syntax to use",
    ),
};
