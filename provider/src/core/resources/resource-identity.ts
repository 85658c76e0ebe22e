/**
 * How a resource's objects are identified across tools (Terraform 1.12+ "resource identity"): a few string
 * attributes, each read from one state attribute, that stay the same for as long as the object exists. Users import
 * by them (`import { identity = {...} }`), and list results name objects by them.
 */
export interface ResourceIdentity {
  /** Bumped only if the attributes ever change shape; stored beside the state. */
  readonly version: number;
  /** Identity attribute → the state attribute holding its value, and its description. All are needed to import. */
  readonly attributes: Readonly<Record<string, { readonly stateField: string; readonly description: string }>>;
  /** The import ID (what `importState` takes) that a complete identity stands for. */
  importId(identity: Readonly<Record<string, string>>): string;
}

export const ACCOUNT_SID_IDENTITY = { description: "SID of the account (a UUID)." } as const;

/** The identity of an object, from its state (values as they are there, unknown while a create is planned). */
export function identityOf(identity: ResourceIdentity, state: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(identity.attributes).map(([name, { stateField }]) => [name, state[stateField] ?? null]));
}
