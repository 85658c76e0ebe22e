/** The form in which account names are compared: surrounding white space and letter case do not count. */
export function accountNameKey(name: string): string {
  return name.normalize("NFC").trim().toLowerCase();
}

export interface NamedAccount {
  readonly account_sid: string;
  readonly name: string;
}

/**
 * The account names in use in each service provider, as this process knows them: one list per service provider,
 * then this process's own creates, renames and deletes. Names are unique within a service provider only by the
 * provider's rule (the portal does not enforce it), so this is what every create and rename is checked against.
 */
export class AccountNames {
  readonly #bySp = new Map<string, Promise<Map<string, string>>>();

  /** The account holding `name` in the service provider, other than `except`; lists the accounts once. */
  async holder(
    sp: string | undefined,
    name: string,
    list: () => Promise<readonly NamedAccount[]>,
    except?: string,
  ): Promise<NamedAccount | undefined> {
    const key = accountNameKey(name);
    for (const [sid, held] of await this.#names(sp, list)) {
      if (sid !== except && accountNameKey(held) === key) return { account_sid: sid, name: held };
    }
    return undefined;
  }

  /** The SIDs this process knows in the service provider (only after a `holder` call listed them). */
  async known(sp: string | undefined, list: () => Promise<readonly NamedAccount[]>): Promise<ReadonlySet<string>> {
    return new Set((await this.#names(sp, list)).keys());
  }

  /** Record a name this process gave an account (create or rename). */
  async set(sp: string | undefined, accountSid: string, name: string): Promise<void> {
    const names = await this.#bySp.get(scope(sp))?.catch(() => undefined);
    names?.set(accountSid, name);
  }

  /** Record an account this process deleted. */
  async remove(accountSid: string): Promise<void> {
    for (const names of this.#bySp.values()) (await names.catch(() => undefined))?.delete(accountSid);
  }

  #names(sp: string | undefined, list: () => Promise<readonly NamedAccount[]>): Promise<Map<string, string>> {
    let names = this.#bySp.get(scope(sp));
    if (!names) {
      names = list().then((accounts) => new Map(accounts.map((a) => [a.account_sid, a.name])));
      names.catch(() => this.#bySp.delete(scope(sp))); // a failed list is not kept: the next check lists again
      this.#bySp.set(scope(sp), names);
    }
    return names;
  }
}

const scope = (sp: string | undefined): string => sp ?? "*";
