import { maskSecret } from "../../core/secrets/portal-mask";
import { differs, holds, notChecked, type ProbeOutcome } from "../model";
import { type Probe, type ProbeContext } from "../probe";
import { FAKE_CREDENTIAL, FAKE_SECRET } from "./fake-values";

/** The secret field of a stored credential whose mask is the plain "first 6 characters, then X" (not Google's). */
function secretOf(credential: unknown): string | undefined {
  if (typeof credential !== "object" || credential === null) return undefined;
  const c = credential as Record<string, unknown>;
  const value =
    c.vendor === "azure" ? c.connection_string : c.vendor === "aws_s3" || c.vendor === "s3_compatible" ? c.secret_access_key : undefined;
  return typeof value === "string" ? value : undefined;
}

const looksMasked = (value: string) => value.length > 6 && maskSecret(value) === value;

/** How a value the probe cannot show looks: its length and whether it has the portal's mask shape. */
const shape = (value: string | undefined) =>
  value === undefined ? "no secret" : `${value.length} characters${looksMasked(value) ? ", ending in X" : ""}`;

/**
 * `secret` is what was stored: the fake value in scratch mode; in read-only mode the list's value, unless that
 * already looks masked (then the list is masked, and what was stored is unknown).
 */
function compare(single: string | undefined, listed: string | undefined, secret: string | undefined): ProbeOutcome {
  const problems: string[] = [];
  const actions: string[] = [];
  if (secret === undefined || listed !== secret) {
    problems.push(`the account list showed it masked or altered (${shape(listed)})`);
    actions.push(
      "Plans would show recording secrets as changed outside the provider: reads take each secret from the account list and compare it exactly with the configured one, so recording secrets cannot be managed without a diff on this portal.",
    );
  }
  if (secret !== undefined && single === secret) {
    problems.push("the single-account GET showed it in clear");
    actions.push(
      "No change in plans (a secret read in clear compares exactly); the provider keeps it out of its output as it does for the lists.",
    );
  } else if (secret !== undefined && single !== maskSecret(secret)) {
    problems.push(
      `the single-account GET masked it otherwise (${shape(single)}, expected ${secret.length} characters: the first 6, then X)`,
    );
    actions.push(
      "Reads through the single-account GET (right after a write, and for accounts outside the service provider's list) would show the secret as changed.",
    );
  }
  if (problems.length === 0)
    return holds("the single-account GET showed the secret masked (the first 6 characters, then X); the account list showed it in clear");
  return differs(problems.join("; "), actions.join(" "));
}

async function listedSecret(ctx: ProbeContext, sid: string): Promise<string | undefined> {
  return secretOf((await ctx.accountList()).find((a) => a.account_sid === sid)?.bucket_credential);
}

async function singleSecret(ctx: ProbeContext, sid: string): Promise<string | undefined> {
  return secretOf(((await ctx.client.get(["Accounts", sid])) as Record<string, unknown> | undefined)?.bucket_credential);
}

export const recordingSecretMasking: Probe = {
  id: "recording-secret-masking",
  title: "recording secrets masked on single reads, in clear in lists",
  expected: "GET /Accounts/:sid masks recording secrets (the first 6 characters, then X); the account lists return them in clear",
  async run(ctx) {
    if (ctx.scratch) {
      const sid = ctx.scratch.primary;
      await ctx.client.put(["Accounts", sid], { bucket_credential: FAKE_CREDENTIAL });
      return compare(await singleSecret(ctx, sid), await listedSecret(ctx, sid), FAKE_SECRET);
    }
    // Read-only: an account that already has a credential with a maskable secret, if the key sees one.
    const account = (await ctx.accountList()).find((a) => (secretOf(a.bucket_credential)?.length ?? 0) > 6);
    if (!account) {
      return notChecked(
        "nothing-to-check",
        "no account this key sees has an S3 or Azure recording credential to compare; run without --read-only to write a fake one to a scratch account",
      );
    }
    const sid = String(account.account_sid);
    const listed = secretOf(account.bucket_credential);
    const outcome = compare(await singleSecret(ctx, sid), listed, listed !== undefined && looksMasked(listed) ? undefined : listed);
    return outcome.status === "could-not-check" ? outcome : { ...outcome, observed: `account ${sid}: ${outcome.observed}` };
  },
};
