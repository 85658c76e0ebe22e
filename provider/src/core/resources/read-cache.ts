/**
 * Reads shared by the handlers of one provider process, so a refresh costs close to the fewest requests the API
 * allows: one account list serves every account and recording read, one key list per account serves all its keys.
 * Anything written through this process is read afresh afterwards.
 */
export class ReadCache<Account, Key, AccountList extends ReadonlyMap<string, Account> = ReadonlyMap<string, Account>> {
  private list: Promise<AccountList> | undefined;
  private readonly writtenAccounts = new Set<string>();
  private readonly keyLists = new Map<string, Promise<readonly Key[]>>();

  /** The account from one shared list, or undefined when the list cannot answer (not in it, or written since). */
  async account(accountSid: string, list: () => Promise<AccountList>): Promise<Account | undefined> {
    if (this.writtenAccounts.has(accountSid)) return undefined;
    return (await this.accounts(list)).get(accountSid);
  }

  /** The shared account list itself, listed on first use (accounts written since may be out of date in it). */
  accounts(list: () => Promise<AccountList>): Promise<AccountList> {
    this.list ??= list().catch((error: unknown) => {
      this.list = undefined; // a failed list is not cached: the next read tries again
      throw error;
    });
    return this.list;
  }

  /** The account's API keys, listed once. */
  keys(accountSid: string, list: () => Promise<readonly Key[]>): Promise<readonly Key[]> {
    let keys = this.keyLists.get(accountSid);
    if (!keys) {
      keys = list().catch((error: unknown) => {
        this.keyLists.delete(accountSid);
        throw error;
      });
      this.keyLists.set(accountSid, keys);
    }
    return keys;
  }

  accountWritten(accountSid: string): void {
    this.writtenAccounts.add(accountSid);
  }

  keysWritten(accountSid: string): void {
    this.keyLists.delete(accountSid);
  }
}
