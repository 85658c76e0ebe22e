import { randomBytes } from "node:crypto";
import { type PortalClient, PortalForbiddenError, PortalNotFoundError } from "../core/client";
import { findAfterLostAnswer, mayHaveApplied } from "../core/resources/lost-create";
import { type ScratchAccountReport } from "./model";
import { answerOf, type PortalAnswer } from "./portal-answer";

/** A name no one else uses: the prefix says what the account is if a failed cleanup leaves it behind. */
export function scratchAccountName(): string {
  return `vg-check-portal-${randomBytes(5).toString("hex")}`;
}

interface Tracked {
  readonly sid: string;
  readonly name: string;
  /** It points at an application: the reference is cleared before any account is deleted (a foreign key). */
  referencesApplications: boolean;
}

/**
 * The accounts a check creates, and nothing else: probes create keys, limits, recording settings and applications
 * only inside them, so deleting them (the portal cascades) removes everything the check made. Every account is
 * tracked from the moment it may exist, including one whose create answer was lost.
 */
export class ScratchAccounts {
  readonly #client: PortalClient;
  readonly #serviceProviderSid: string | undefined;
  readonly #accounts: Tracked[] = [];
  #cleanedUp: readonly ScratchAccountReport[] | undefined;

  constructor(
    client: PortalClient,
    serviceProviderSid: string | undefined,
    /** The primary account's name; a second account with the same name is how name uniqueness is probed. */
    readonly name: string,
  ) {
    this.#client = client;
    this.#serviceProviderSid = serviceProviderSid;
  }

  /**
   * Creates the primary scratch account; returns the portal's answer when it refuses. Whatever happens, `cleanup()`
   * removes what was created.
   */
  async createPrimary(): Promise<PortalAnswer | undefined> {
    const created = await this.createAccount(this.name);
    return created.sid === undefined ? created.answer : undefined;
  }

  /** SID of the primary scratch account. */
  get primary(): string {
    const first = this.#accounts[0];
    if (!first) throw new Error("the scratch account has not been created");
    return first.sid;
  }

  /** SIDs of every account created so far. */
  get sids(): readonly string[] {
    return this.#accounts.map((a) => a.sid);
  }

  /**
   * POST /Accounts for a scratch account. Returns the answer, so a probe can look at a refusal; an account that was
   * created (or may have been, when the answer was lost) is tracked before anything else happens.
   */
  async createAccount(name: string): Promise<{ readonly sid?: string; readonly answer: PortalAnswer }> {
    const body = { name, ...(this.#serviceProviderSid ? { service_provider_sid: this.#serviceProviderSid } : {}) };
    let answer;
    try {
      answer = await answerOf(this.#client, "POST", ["Accounts"], { body });
    } catch (error) {
      if (!mayHaveApplied(error)) throw error;
      // The answer was lost; the random name tells which accounts are ours.
      for (const sid of await this.#findAfterLostAnswer(name)) this.#track(sid, name);
      throw error;
    }
    if (answer.status !== 201 && mayHaveApplied(answer.error)) {
      for (const sid of await this.#findAfterLostAnswer(name)) this.#track(sid, name);
    }
    const sid = answer.status === 201 ? (answer.body as { sid?: unknown } | undefined)?.sid : undefined;
    if (typeof sid === "string") this.#track(sid, name);
    return typeof sid === "string" ? { sid, answer } : { answer };
  }

  /** A scratch account besides the primary: one already made, or a new one. */
  async another(): Promise<string> {
    const existing = this.#accounts.find((a) => a.sid !== this.primary);
    if (existing) return existing.sid;
    const created = await this.createAccount(`${this.name}-2`);
    if (created.sid === undefined) throw new Error(`could not create a second scratch account (${created.answer.status})`);
    return created.sid;
  }

  /** Call before pointing an account at an application, so cleanup clears the reference first. */
  referencesApplications(sid: string): void {
    const tracked = this.#accounts.find((a) => a.sid === sid);
    if (tracked) tracked.referencesApplications = true;
  }

  /** Whether the accounts are deleted (after `cleanup()`): the SIDs of those that are. */
  get deleted(): readonly string[] {
    return (this.#cleanedUp ?? []).filter((a) => a.deleted).map((a) => a.sid);
  }

  /**
   * Deletes every scratch account; never throws. Application references go first (an account pointing at an
   * application cannot be deleted with it), then the accounts that held them, then the others. An account that
   * refuses is looked up: if it is gone all the same, it counts as deleted.
   */
  async cleanup(): Promise<readonly ScratchAccountReport[]> {
    if (this.#cleanedUp) return this.#cleanedUp;
    const referencing = this.#accounts.filter((a) => a.referencesApplications);
    for (const account of referencing) {
      await answerOf(this.#client, "PUT", ["Accounts", account.sid], {
        body: { device_calling_application_sid: null, siprec_hook_sid: null },
      }).catch(() => undefined);
    }
    const ordered = [...referencing, ...this.#accounts.filter((a) => !a.referencesApplications)];
    const reports: ScratchAccountReport[] = [];
    for (const account of ordered) reports.push(await this.#delete(account));
    this.#cleanedUp = reports;
    return reports;
  }

  async #delete(account: Tracked): Promise<ScratchAccountReport> {
    const report = { sid: account.sid, name: account.name };
    let failure: unknown;
    try {
      await this.#client.delete(["Accounts", account.sid]);
      return { ...report, deleted: true };
    } catch (error) {
      failure = error;
    }
    try {
      await this.#client.get(["Accounts", account.sid]);
    } catch (error) {
      if (PortalNotFoundError.is(error)) return { ...report, deleted: true };
      // A 403 for a missing account (service-provider keys): gone if the key's list does not show it either.
      if (PortalForbiddenError.is(error) && !(await this.#listedByName(account.name).catch(() => [account.sid])).includes(account.sid)) {
        return { ...report, deleted: true };
      }
    }
    const message = failure instanceof Error ? failure.message : String(failure);
    return { ...report, deleted: false, error: message };
  }

  /** Accounts with this exact name in the list the provider reads. */
  async #listedByName(name: string): Promise<readonly string[]> {
    const path = this.#serviceProviderSid ? ["ServiceProviders", this.#serviceProviderSid, "Accounts"] : ["Accounts"];
    const list = await this.#client.get(path);
    return (Array.isArray(list) ? list : [])
      .filter((a): a is { account_sid: string; name: string } => typeof a?.account_sid === "string" && a.name === name)
      .map((a) => a.account_sid);
  }

  /** After a lost answer: a slow create can land late, so look a few times. */
  #findAfterLostAnswer(name: string): Promise<readonly string[]> {
    return findAfterLostAnswer(() => this.#listedByName(name), undefined);
  }

  #track(sid: string, name: string): void {
    if (!this.#accounts.some((a) => a.sid === sid)) this.#accounts.push({ sid, name, referencesApplications: false });
  }
}
