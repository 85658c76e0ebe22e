import { z } from "zod";
import { checkedString } from "../../schema/checks";
import { fieldsOf } from "../../schema/introspect";
import { field } from "../../schema/meta";
import { accountNameKey } from "../account-names";
import { type HandlerContext } from "../handler-context";
import { type ListedObjects, type ResourceList } from "../resource-list";
import { sid } from "../shared-fields";
import { maskedAccounts } from "./api";
import { stateFromWire } from "./mapping";
import { type AccountState } from "./schema";

const MAX_PATTERN_LENGTH = 200;

const patternProblem = (pattern: string): string | undefined => {
  if (pattern.length === 0) return "must not be empty; omit it to match every name";
  if (pattern.length > MAX_PATTERN_LENGTH) return `must be at most ${MAX_PATTERN_LENGTH} characters`;
  return undefined;
};

export const accountListFilters = z.object({
  name_prefix: field(checkedString((v) => (v.length === 0 ? "must not be empty; omit it to match every name" : undefined)).optional(), {
    description: "Only accounts whose name starts with this text, ignoring letter case (as account names are compared).",
  }),
  name_pattern: field(checkedString(patternProblem).optional(), {
    description:
      "Only accounts whose whole name matches this pattern, ignoring letter case: `*` stands for any run of characters, `?` for one character, anything else for itself.",
  }),
  service_provider_sid: field(sid().optional(), {
    description:
      "Only accounts of this service provider. Defaults to the provider configuration's service provider; without one, every account the API key can see.",
  }),
});

export type AccountListFilter = z.output<typeof accountListFilters>;

/** A glob (`*`, `?`) as an anchored, case-insensitive regular expression; every other character is literal. */
export function namePatternRegExp(pattern: string): RegExp {
  const body = [...accountNameKey(pattern)]
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "isu");
}

/**
 * The accounts to adopt, from one account list: the process's shared one when the filter keeps to the provider's
 * scope (or when the provider sees every account and the filter narrows it), otherwise the filtered service
 * provider's own list. Each state is what an import of that account gives (`stateFromWire` with no prior).
 */
async function listAccountStates(ctx: HandlerContext, filter: AccountListFilter): Promise<ListedObjects<AccountState>> {
  const sp = filter.service_provider_sid;
  const accounts = await maskedAccounts(ctx, ctx.serviceProviderSid === undefined ? undefined : (sp ?? ctx.serviceProviderSid));
  const prefix = filter.name_prefix === undefined ? undefined : accountNameKey(filter.name_prefix);
  const pattern = filter.name_pattern === undefined ? undefined : namePatternRegExp(filter.name_pattern);
  const matches = (account: { name: string; service_provider_sid: string }) =>
    (!sp || account.service_provider_sid === sp) &&
    (prefix === undefined || accountNameKey(account.name).startsWith(prefix)) &&
    (pattern === undefined || pattern.test(accountNameKey(account.name)));
  const byName = <T extends { name: string; account_sid: string }>(a: T, b: T) =>
    a.name.localeCompare(b.name) || (a.account_sid < b.account_sid ? -1 : a.account_sid > b.account_sid ? 1 : 0);
  return {
    found: [...accounts.values()]
      .filter(matches)
      .sort(byName)
      .map((wire) => ({ state: stateFromWire(wire, null), displayName: wire.name })),
    unreadable: accounts.unreadable
      .filter(matches)
      .sort(byName)
      .map((a) => ({
        displayName: a.name,
        reason: `The portal cannot show account ${a.account_sid} (its Google Cloud Storage key cannot be masked, so reading the account fails), so it is left out.`,
      })),
  };
}

export const accountList: ResourceList<AccountListFilter, AccountState> = {
  description:
    "Finds existing accounts to adopt with `terraform query`, by name prefix, name pattern and service provider, from one account list. " +
    "Each result names an account by its identity (`account_sid`) and its name; with `include_resource = true` it also holds the account as an import stores it (hook passwords left out), " +
    "and `terraform query -generate-config-out` writes `import` and `resource` blocks that plan clean.",
  filters: accountListFilters,
  filterFields: fieldsOf(accountListFilters),
  list: listAccountStates,
};
