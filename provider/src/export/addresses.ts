/**
 * Terraform resource names for exported accounts: derived from the account's name, valid identifiers, the same on
 * every run against the same portal, and unique even when two names sanitise alike (`Acme Corp`, `acme-corp`).
 */

const SID_SUFFIX_LENGTH = 8;

/**
 * An account name as a Terraform identifier: ASCII lower case, accents dropped, every other run of characters an
 * underscore, never starting with a digit or a dash. `Café Zürich` → `cafe_zurich`; a name with nothing usable →
 * `account`.
 */
export function identifierFor(name: string): string {
  const ascii = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (ascii === "") return "account";
  return /^[0-9]/.test(ascii) ? `account_${ascii}` : ascii;
}

export interface NamedObject {
  readonly sid: string;
  readonly name: string;
}

/**
 * One identifier per account, by SID. An account whose identifier no other account shares keeps it bare; accounts
 * that share one all get `_<first 8 hex digits of the SID>` (longer if those collide too), so none depends on the
 * order the portal listed them in. `reserved` holds identifiers already used elsewhere (an existing configuration),
 * which are treated as shared.
 */
export function allocateIdentifiers(accounts: readonly NamedObject[], reserved: ReadonlySet<string> = new Set()): Map<string, string> {
  const byBase = new Map<string, NamedObject[]>();
  for (const account of accounts) {
    const base = identifierFor(account.name);
    byBase.set(base, [...(byBase.get(base) ?? []), account]);
  }
  const out = new Map<string, string>();
  const taken = new Set<string>(reserved);
  // Bare identifiers first, so a suffixed one can never take a name an account holds bare.
  for (const [base, group] of byBase) {
    if (group.length === 1 && !reserved.has(base)) {
      out.set(group[0]!.sid, base);
      taken.add(base);
    }
  }
  for (const [base, group] of byBase) {
    if (group.length === 1 && out.has(group[0]!.sid)) continue;
    for (const account of group) out.set(account.sid, suffixed(base, account.sid, taken));
  }
  return out;
}

/** `base_<hex>`, with as many hex digits of the SID as it takes to be free. */
export function suffixed(base: string, sid: string, taken: Set<string>): string {
  const hex = sid.replace(/[^0-9a-f]/gi, "").toLowerCase();
  for (let length = SID_SUFFIX_LENGTH; length <= hex.length; length++) {
    const candidate = `${base}_${hex.slice(0, length)}`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
  // Only reachable with two objects of the same SID, which the portal cannot have.
  throw new Error(`no free identifier for ${base} (${sid})`);
}

/** The resource name of an API key: its account's identifier, then `key_` and the start of the key's SID. */
export function apiKeyIdentifier(accountIdentifier: string, apiKeySid: string, taken: Set<string>): string {
  return suffixed(`${accountIdentifier}_key`, apiKeySid, taken);
}
