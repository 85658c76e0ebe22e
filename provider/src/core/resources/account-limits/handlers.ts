import { getAccount } from "../account/api";
import { type HandlerContext, type ResourceHandlers } from "../handler-context";
import { PartialApplyError } from "../partial-apply-error";
import { deleteAllLimits, deleteLimit, getLimits, setLimit } from "./api";
import { LIMIT_CATEGORIES, LIMIT_UNITS, type LimitsConfig, type LimitsState, type LimitUnit, type WireLimit } from "./schema";

const OUR_CATEGORIES = new Set<string>(LIMIT_UNITS.flatMap((u) => Object.values(LIMIT_CATEGORIES[u])));

/** The portal derives the unit from which categories exist: any minutes category means minutes (portal-behaviour.md §5). */
function unitOf(limits: readonly WireLimit[], fallback: LimitUnit): LimitUnit {
  if (limits.some((l) => l.category.includes("minute"))) return "minutes";
  if (limits.some((l) => l.category.includes("session"))) return "sessions";
  return fallback;
}

/** Limits of categories this resource does not manage, by category. */
const otherLimits = (limits: readonly WireLimit[]): Record<string, number> =>
  Object.fromEntries(limits.filter((l) => !OUR_CATEGORIES.has(l.category)).map((l) => [l.category, l.quantity]));

function stateFromLimits(accountSid: string, limits: readonly WireLimit[], prior: LimitsState | null): LimitsState {
  const unit = unitOf(limits, prior?.unit ?? "sessions");
  const quantity = (category: string) => limits.find((l) => l.category === category)?.quantity;
  const max = quantity(LIMIT_CATEGORIES[unit].max);
  const licensed = quantity(LIMIT_CATEGORIES[unit].licensed);
  return {
    id: accountSid,
    account_sid: accountSid,
    unit,
    ...(max === undefined ? {} : { max }),
    ...(licensed === undefined ? {} : { licensed }),
    other_limits: otherLimits(limits),
  };
}

/** Limits of an account that exists; null when the account is gone (an admin GET then answers `[]`). */
async function limitsOf(ctx: HandlerContext, accountSid: string): Promise<WireLimit[] | null> {
  const limits = await getLimits(ctx, accountSid).catch(async (error: unknown) => {
    if ((await getAccount(ctx, accountSid)) === null) return null;
    throw error;
  });
  if (limits && limits.length === 0 && (await getAccount(ctx, accountSid)) === null) return null;
  return limits;
}

/** Bring the portal's four unit categories to the wanted ones, one write at a time; other categories untouched. */
async function converge(ctx: HandlerContext, config: LimitsConfig, current: readonly WireLimit[]): Promise<void> {
  const wanted = new Map<string, number>();
  const categories = LIMIT_CATEGORIES[config.unit];
  if (config.max !== undefined) wanted.set(categories.max, config.max);
  if (config.licensed !== undefined) wanted.set(categories.licensed, config.licensed);
  for (const [category, quantity] of wanted) {
    if (current.find((l) => l.category === category)?.quantity !== quantity) {
      await setLimit(ctx, config.account_sid, category, quantity);
    }
  }
  const stale = new Set(current.map((l) => l.category).filter((c) => OUR_CATEGORIES.has(c) && !wanted.has(c)));
  for (const category of stale) await deleteLimit(ctx, config.account_sid, category);
}

/** The limits a state records, as the portal's rows (what the refresh saw, or what the last apply wrote). */
function limitsOfState(state: LimitsState): WireLimit[] {
  const categories = LIMIT_CATEGORIES[state.unit];
  return [
    ...(state.max === undefined ? [] : [{ category: categories.max, quantity: state.max }]),
    ...(state.licensed === undefined ? [] : [{ category: categories.licensed, quantity: state.licensed }]),
  ];
}

/**
 * What the account holds before a write. An update converges from the prior state (refreshed by the plan), so it
 * reads nothing; so does a create for an account this process created (it has no limits yet). Only a create on an
 * account that existed before reads, to find limits set elsewhere that the new configuration must replace.
 */
async function currentLimits(ctx: HandlerContext, config: LimitsConfig, prior: LimitsState | null): Promise<readonly WireLimit[]> {
  if (prior) return limitsOfState(prior);
  if (ctx.session?.created.has(config.account_sid)) return [];
  const current = await limitsOf(ctx, config.account_sid);
  if (current === null) throw new Error(`Account ${config.account_sid} does not exist, so its limits cannot be set`);
  return current;
}

async function apply(ctx: HandlerContext, config: LimitsConfig, prior: LimitsState | null): Promise<LimitsState> {
  const current = await currentLimits(ctx, config, prior);
  try {
    await converge(ctx, config, current);
  } catch (error) {
    const now = await limitsOf(ctx, config.account_sid).catch(() => null);
    throw new PartialApplyError(
      `Setting the limits of account ${config.account_sid} failed`,
      now ? stateFromLimits(config.account_sid, now, prior) : prior,
      error,
    );
  }
  return { ...config, id: config.account_sid, other_limits: prior?.other_limits ?? otherLimits(current) };
}

export const limitsHandlers: ResourceHandlers<LimitsConfig, LimitsState> = {
  create: (ctx, config) => apply(ctx, config, null),
  update: (ctx, prior, config) => apply(ctx, config, prior),

  async read(ctx, prior) {
    const limits = await limitsOf(ctx, prior.account_sid);
    return limits ? stateFromLimits(prior.account_sid, limits, prior) : null;
  },

  // Driven by the prior state (always 204, also when the account is gone): when the last read found no limits of
  // other categories, one DELETE removes them all; otherwise one per category this resource set.
  async delete(ctx, prior) {
    if (prior.other_limits !== undefined && Object.keys(prior.other_limits).length === 0) return deleteAllLimits(ctx, prior.account_sid);
    for (const { category } of limitsOfState(prior)) await deleteLimit(ctx, prior.account_sid, category);
  },

  async importState(ctx, id) {
    const limits = await limitsOf(ctx, id);
    return limits ? stateFromLimits(id, limits, null) : null;
  },
};
