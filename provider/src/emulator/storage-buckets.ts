import { toSqlDatetime } from "./clock";
import { type StateSession } from "./state-session";

export const SAMPLE_OBJECT_KEY = "jambonz-sample.text";
const SAMPLE_OBJECT_BODY = "Hello From Jambonz";

type Credential = Readonly<Record<string, unknown>>;

// What the storage SDK would need to reach the bucket at all; without it the upload cannot start.
const REQUIRED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  aws_s3: ["name", "access_key_id", "secret_access_key"],
  s3_compatible: ["name", "endpoint", "access_key_id", "secret_access_key"],
  google: ["name", "service_key"],
  azure: ["name", "connection_string"],
};

/**
 * Stands in for the real upload of `jambonz-sample.text` (portal-behaviour.md §3.6): the emulator cannot reach buckets, so a credential
 * with its required fields counts as valid and the object lands in an in-memory bucket keyed by vendor and bucket
 * name. `failure` (set by tests) makes the "upload" fail with that reason instead.
 */
export function writeSampleObject(session: StateSession, credential: Credential, failure: string | null): void {
  const vendor = String(credential.vendor);
  for (const field of REQUIRED_FIELDS[vendor] ?? []) {
    if (!credential[field]) throw new Error(`${vendor} bucket credential is missing ${field}`);
  }
  if (vendor === "google") checkGoogleServiceKey(credential.service_key);
  if (failure !== null) throw new Error(failure);

  const bucket = String(credential.name);
  // A second test overwrites the object, as a real PutObject would.
  const objects = session.state.bucketObjects.filter((o) => !(o.vendor === vendor && o.bucket === bucket && o.key === SAMPLE_OBJECT_KEY));
  const writtenAt = toSqlDatetime(session.clock());
  objects.push({ vendor, bucket, key: SAMPLE_OBJECT_KEY, body: SAMPLE_OBJECT_BODY, writtenAt });
  session.state.bucketObjects = objects;
  session.touch();
}

// The Google upload signs with `client_email` and `private_key` from the parsed key.
function checkGoogleServiceKey(serviceKey: unknown): void {
  const key = JSON.parse(String(serviceKey)) as Record<string, unknown> | null;
  for (const field of ["client_email", "private_key"]) {
    if (!key?.[field]) throw new Error(`google service_key is missing ${field}`);
  }
}
