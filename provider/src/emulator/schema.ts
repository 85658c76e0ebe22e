/**
 * The slice of the portal's MySQL schema that the Accounts page touches (portal-behaviour.md §2.2, §2.7, portal-behaviour.md §4, §5, portal-behaviour.md §7), with the column
 * types, defaults, UNIQUE keys and foreign keys that decide which requests the real server rejects.
 */

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

export type TableName = "service_providers" | "webhooks" | "accounts" | "applications" | "api_keys" | "account_limits";

export type ColumnType =
  | { readonly kind: "char"; readonly length: number }
  | { readonly kind: "varchar"; readonly length: number }
  | { readonly kind: "text" }
  | { readonly kind: "int"; readonly min: number; readonly max: number }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "datetime" };

export const CURRENT_TIMESTAMP = Symbol("CURRENT_TIMESTAMP");

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly notNull: boolean;
  /** Absent means "no default": omitting a NOT NULL column is an error, a nullable one becomes NULL. */
  readonly defaultValue?: SqlValue | typeof CURRENT_TIMESTAMP;
  /** Name of the UNIQUE key, as MySQL quotes it in `Duplicate entry ... for key '<name>'`. */
  readonly uniqueKey?: string;
}

export interface TableDef {
  readonly name: TableName;
  readonly primaryKey: string;
  readonly columns: readonly ColumnDef[];
  /** The model layer's `checkIsInsertable`: presence (not value) of these keys is checked before the INSERT. */
  readonly requiredOnMake: readonly string[];
}

export interface ForeignKeyDef {
  readonly table: TableName;
  readonly column: string;
  readonly parentTable: TableName;
  readonly parentColumn: string;
  readonly constraint: string;
  readonly onDeleteCascade: boolean;
}

const char36 = { kind: "char", length: 36 } as const;
const varchar = (length: number): ColumnType => ({ kind: "varchar", length });
const int: ColumnType = { kind: "int", min: -2147483648, max: 2147483647 };
// MySQL BOOLEAN is TINYINT(1): any tinyint is stored, and it reads back as a number (portal-behaviour.md §2.2: 0/1, not true/false).
const boolean: ColumnType = { kind: "int", min: -128, max: 127 };
const datetime: ColumnType = { kind: "datetime" };
const text: ColumnType = { kind: "text" };

function col(name: string, type: ColumnType, extra: Partial<Omit<ColumnDef, "name" | "type">> = {}): ColumnDef {
  return { name, type, notNull: false, ...extra };
}

const primary = (name: string): ColumnDef => col(name, char36, { notNull: true, uniqueKey: "PRIMARY" });

export const LIMIT_CATEGORIES = [
  "api_rate",
  "voice_call_session",
  "device",
  "voice_call_minutes",
  "voice_call_session_license",
  "voice_call_minutes_license",
] as const;

export const TABLES: Readonly<Record<TableName, TableDef>> = {
  service_providers: {
    name: "service_providers",
    primaryKey: "service_provider_sid",
    requiredOnMake: ["name"],
    columns: [
      primary("service_provider_sid"),
      col("name", varchar(64), { notNull: true, uniqueKey: "name" }),
      col("description", varchar(255)),
      col("root_domain", varchar(128), { uniqueKey: "root_domain" }),
      col("registration_hook_sid", char36),
      col("ms_teams_fqdn", varchar(255)),
    ],
  },
  webhooks: {
    name: "webhooks",
    primaryKey: "webhook_sid",
    requiredOnMake: ["url"],
    columns: [
      primary("webhook_sid"),
      col("url", varchar(1024), { notNull: true }),
      // portal-behaviour.md §2.7: an ENUM, so `get` is stored (and read back) as `GET` and anything else is rejected.
      col("method", { kind: "enum", values: ["GET", "POST"] }, { notNull: true, defaultValue: "POST" }),
      col("username", varchar(255)),
      col("password", varchar(255)),
    ],
  },
  // portal-behaviour.md §2.2: every column below is returned by GET and writable by POST/PUT (there is no field whitelist).
  accounts: {
    name: "accounts",
    primaryKey: "account_sid",
    requiredOnMake: ["name", "service_provider_sid"],
    columns: [
      primary("account_sid"),
      col("name", varchar(64), { notNull: true }),
      col("sip_realm", varchar(132), { uniqueKey: "sip_realm" }),
      col("service_provider_sid", char36, { notNull: true }),
      col("registration_hook_sid", char36),
      col("queue_event_hook_sid", char36),
      col("device_calling_application_sid", char36),
      col("is_active", boolean, { notNull: true, defaultValue: 1 }),
      col("created_at", datetime, { notNull: true, defaultValue: CURRENT_TIMESTAMP }),
      col("plan_type", { kind: "enum", values: ["trial", "free", "paid"] }, { notNull: true, defaultValue: "trial" }),
      col("stripe_customer_id", varchar(56)),
      col("webhook_secret", varchar(36), { notNull: true }),
      col("disable_cdrs", boolean, { notNull: true, defaultValue: 0 }),
      col("trial_end_date", datetime),
      col("deactivated_reason", varchar(255)),
      col("device_to_call_ratio", int, { notNull: true, defaultValue: 5 }),
      col("subspace_client_id", varchar(255)),
      col("subspace_client_secret", varchar(255)),
      col("subspace_sip_teleport_id", varchar(255)),
      col("subspace_sip_teleport_destinations", varchar(255)),
      col("siprec_hook_sid", char36),
      col("record_all_calls", boolean, { notNull: true, defaultValue: 0 }),
      col("record_format", varchar(16), { notNull: true, defaultValue: "mp3" }),
      // portal-behaviour.md §3.1: holds the hex ciphertext, which is why the credential JSON must stay under ~4 kB.
      col("bucket_credential", varchar(8192)),
      col("enable_debug_log", boolean, { notNull: true, defaultValue: 0 }),
    ],
  },
  applications: {
    name: "applications",
    primaryKey: "application_sid",
    requiredOnMake: ["name"],
    columns: [
      primary("application_sid"),
      col("name", varchar(64), { notNull: true }),
      col("service_provider_sid", char36),
      col("account_sid", char36),
      col("call_hook_sid", char36),
      col("call_status_hook_sid", char36),
      col("messaging_hook_sid", char36),
      col("app_json", text),
      col("speech_synthesis_vendor", varchar(64), { notNull: true, defaultValue: "google" }),
      col("speech_synthesis_language", varchar(12), { notNull: true, defaultValue: "en-US" }),
      col("speech_synthesis_voice", varchar(64)),
      col("speech_recognizer_vendor", varchar(64), { notNull: true, defaultValue: "google" }),
      col("speech_recognizer_language", varchar(64), { notNull: true, defaultValue: "en-US" }),
      col("created_at", datetime, { notNull: true, defaultValue: CURRENT_TIMESTAMP }),
      col("record_all_calls", boolean, { notNull: true, defaultValue: 0 }),
      col("env_vars", text),
    ],
  },
  api_keys: {
    name: "api_keys",
    primaryKey: "api_key_sid",
    requiredOnMake: ["token"],
    columns: [
      primary("api_key_sid"),
      col("token", char36, { notNull: true, uniqueKey: "token" }),
      col("account_sid", char36),
      col("service_provider_sid", char36),
      // portal-behaviour.md §4: settable, never enforced.
      col("expires_at", datetime),
      col("last_used", datetime),
      col("created_at", datetime, { defaultValue: CURRENT_TIMESTAMP }),
    ],
  },
  account_limits: {
    name: "account_limits",
    primaryKey: "account_limits_sid",
    requiredOnMake: ["account_sid", "category", "quantity"],
    columns: [
      primary("account_limits_sid"),
      col("account_sid", char36, { notNull: true }),
      col("category", { kind: "enum", values: LIMIT_CATEGORIES }, { notNull: true }),
      col("quantity", int, { notNull: true }),
    ],
  },
};

function fk(table: TableName, column: string, parentTable: TableName, constraint: string, onDeleteCascade = false): ForeignKeyDef {
  return { table, column, parentTable, parentColumn: TABLES[parentTable].primaryKey, constraint, onDeleteCascade };
}

export const FOREIGN_KEYS: readonly ForeignKeyDef[] = [
  fk("service_providers", "registration_hook_sid", "webhooks", "registration_hook_sid_idxfk"),
  fk("accounts", "service_provider_sid", "service_providers", "service_provider_sid_idxfk_11"),
  fk("accounts", "registration_hook_sid", "webhooks", "registration_hook_sid_idxfk_1"),
  fk("accounts", "queue_event_hook_sid", "webhooks", "queue_event_hook_sid_idxfk"),
  // portal-behaviour.md §2.8: FK existence is the only check on the application references.
  fk("accounts", "device_calling_application_sid", "applications", "device_calling_application_sid_idxfk"),
  fk("accounts", "siprec_hook_sid", "applications", "siprec_hook_sid_idxfk"),
  fk("applications", "service_provider_sid", "service_providers", "service_provider_sid_idxfk_9"),
  fk("applications", "account_sid", "accounts", "account_sid_idxfk_12"),
  fk("applications", "call_hook_sid", "webhooks", "call_hook_sid_idxfk"),
  fk("applications", "call_status_hook_sid", "webhooks", "call_status_hook_sid_idxfk"),
  fk("applications", "messaging_hook_sid", "webhooks", "messaging_hook_sid_idxfk"),
  fk("api_keys", "account_sid", "accounts", "account_sid_idxfk_6"),
  fk("api_keys", "service_provider_sid", "service_providers", "service_provider_sid_idxfk"),
  // portal-behaviour.md §5: limits go with the account.
  fk("account_limits", "account_sid", "accounts", "account_sid_idxfk_1", true),
];

export function columnOf(table: TableName, name: string): ColumnDef | undefined {
  return TABLES[table].columns.find((c) => c.name === name);
}
