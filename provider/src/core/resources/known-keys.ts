/**
 * The API keys this process knows each account to have: from a key list, or none at all for an account this process
 * created itself. After a lost answer to `POST /ApiKeys`, the key that is new against this baseline is the one that
 * was created; without a baseline, a create lists the account's keys first.
 */
export class KnownKeys {
  readonly #byAccount = new Map<string, Set<string>>();

  baseline(accountSid: string): ReadonlySet<string> | undefined {
    return this.#byAccount.get(accountSid);
  }

  listed(accountSid: string, keySids: Iterable<string>): void {
    this.#byAccount.set(accountSid, new Set(keySids));
  }

  accountCreated(accountSid: string): void {
    this.#byAccount.set(accountSid, new Set());
  }

  keyCreated(accountSid: string, keySid: string): void {
    this.#byAccount.get(accountSid)?.add(keySid);
  }

  keyDeleted(accountSid: string, keySid: string): void {
    this.#byAccount.get(accountSid)?.delete(keySid);
  }
}
