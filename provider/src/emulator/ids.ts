import { randomUUID } from "node:crypto";

/** Every SID and API-key token the portal generates is a UUID v4 (portal-behaviour.md §4). */
export function newSid(): string {
  return randomUUID();
}

// uuid.validate (uuid@9), which the portal uses for path SIDs: RFC-4122 v1-v5 plus the nil UUID (portal-behaviour.md §1.2).
const RFC4122 = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000)$/i;

export function isValidUuid(value: string): boolean {
  return RFC4122.test(value);
}

// short-uuid's default alphabet (flickrBase58).
const BASE58 = "123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
const SHORT_UUID_LENGTH = 22;

/** portal-behaviour.md §2.11: `wh_secret_` followed by a 22-character short-uuid, 32 characters in total. */
export function newWebhookSecret(): string {
  let value = BigInt(`0x${randomUUID().replace(/-/g, "")}`);
  let encoded = "";
  while (value > 0n) {
    encoded = BASE58.charAt(Number(value % 58n)) + encoded;
    value /= 58n;
  }
  return `wh_secret_${encoded.padStart(SHORT_UUID_LENGTH, BASE58.charAt(0))}`;
}
