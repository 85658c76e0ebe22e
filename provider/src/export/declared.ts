import { type AccountSummary } from "../core/resources/account/api";
import { accountNameKey } from "../core/resources/account-names";
import { type DeclaredResource } from "../drift/model";
import { type Declarations } from "../drift/sources/load";
import { ExportError } from "./errors";

/**
 * What existing declarations (Terraform state, a synthesized CDKTF stack, a Pulumi export; read by the drift
 * command's sources) already manage, by portal SID, so an export leaves it out: the same object must never be
 * managed twice.
 */
export interface DeclaredObjects {
  /** Account SIDs. */
  readonly accounts: ReadonlySet<string>;
  /** API key SIDs. */
  readonly apiKeys: ReadonlySet<string>;
  /** Accounts with keys declared without an ID (a stack without its state): which keys those are cannot be told. */
  readonly unidentifiedKeys: ReadonlySet<string>;
  /** Account SIDs whose recording settings are declared. */
  readonly recordings: ReadonlySet<string>;
  /** Account SIDs whose limits are declared. */
  readonly limits: ReadonlySet<string>;
  /** Resource names the root module already uses, so exported resources do not take them. */
  readonly resourceNames: ReadonlySet<string>;
}

export const NOTHING_DECLARED: DeclaredObjects = {
  accounts: new Set(),
  apiKeys: new Set(),
  unidentifiedKeys: new Set(),
  recordings: new Set(),
  limits: new Set(),
  resourceNames: new Set(),
};

const idOf = (d: DeclaredResource): string | undefined => d.id ?? (typeof d.values.id === "string" ? d.values.id : undefined);

/** `voicegateway_account.acme["x"]` in the root module → `acme`; Pulumi names and module addresses → undefined. */
function rootResourceName(d: DeclaredResource): string | undefined {
  if (d.source.kind === "pulumi" || d.address.startsWith("module.")) return undefined;
  return d.address.split(".")[1]?.replace(/\[.*$/, "");
}

/** Resolves each declaration to the portal accounts it means, given the accounts the portal lists. */
export function declaredObjects(declarations: Declarations, listed: readonly AccountSummary[]): DeclaredObjects {
  const accounts = new Set<string>();
  const apiKeys = new Set<string>();
  const unidentifiedKeys = new Set<string>();
  const recordings = new Set<string>();
  const limits = new Set<string>();
  const resourceNames = new Set<string>();
  const accountsByAddress = new Map<string, string[]>();

  for (const d of declarations.resources) {
    const name = rootResourceName(d);
    if (name) resourceNames.add(name);
    if (d.definition.name !== "account") continue;
    const id = idOf(d);
    let sids: string[];
    if (id) sids = [id];
    else if (typeof d.values.name === "string") {
      // A synthesized stack without its state: the account is the one with this name (names are unique per service provider).
      const key = accountNameKey(d.values.name);
      sids = listed.filter((a) => accountNameKey(a.name) === key).map((a) => a.account_sid);
    } else {
      throw new ExportError(
        `${d.address} in ${d.source.file} has a name that is an expression and no ID, so which portal account it declares cannot be told; pass its Terraform state too (--terraform-state)`,
      );
    }
    for (const sid of sids) accounts.add(sid);
    accountsByAddress.set(d.address, sids);
  }

  for (const d of declarations.resources) {
    const kind = d.definition.name;
    if (kind === "account" || !["account_api_key", "account_recording", "account_limits"].includes(kind)) continue;
    const id = idOf(d);
    if (kind === "account_api_key" && id) {
      apiKeys.add(id);
      continue;
    }
    const reference = d.references.account_sid;
    let owners: readonly string[];
    if (typeof d.values.account_sid === "string") owners = [d.values.account_sid];
    else if (reference !== undefined && accountsByAddress.has(reference)) owners = accountsByAddress.get(reference)!;
    else {
      throw new ExportError(
        `${d.address} in ${d.source.file} has an account_sid this command cannot evaluate, so which account it belongs to cannot be told; pass its Terraform state too (--terraform-state)`,
      );
    }
    for (const owner of owners) {
      if (kind === "account_recording") recordings.add(owner);
      else if (kind === "account_limits") limits.add(owner);
      else unidentifiedKeys.add(owner);
    }
  }

  // Objects the state still manages although the synthesized stack dropped them (the next deploy destroys them).
  for (const entry of declarations.alsoManaged) {
    const [kind, id] = entry.split(":");
    if (!id) continue;
    if (kind === "account") accounts.add(id);
    else if (kind === "account_api_key") apiKeys.add(id);
    else if (kind === "account_recording") recordings.add(id);
    else if (kind === "account_limits") limits.add(id);
  }
  return { accounts, apiKeys, unidentifiedKeys, recordings, limits, resourceNames };
}
