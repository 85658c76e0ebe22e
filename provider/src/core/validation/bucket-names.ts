/**
 * Storage naming rules, checked at plan time because the portal accepts any name and recording then fails
 * silently at call time. Each check returns the problem in the user's terms, or undefined when the name is fine.
 */
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function s3BucketNameProblem(name: string): string | undefined {
  const allowed = "use 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit";
  if (name.length < 3 || name.length > 63) return `must be 3-63 characters long (got ${name.length}); ${allowed}`;
  if (!/^[a-z0-9.-]+$/.test(name)) return `may only contain lower-case letters, digits, dots and hyphens; ${allowed}`;
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return `must start and end with a letter or digit; ${allowed}`;
  if (name.includes("..")) return "must not contain two adjacent dots";
  if (IPV4.test(name)) return "must not be formatted as an IP address";
  for (const prefix of ["xn--", "sthree-", "amzn-s3-demo-"]) {
    if (name.startsWith(prefix)) return `must not start with "${prefix}" (reserved by AWS)`;
  }
  for (const suffix of ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]) {
    if (name.endsWith(suffix)) return `must not end with "${suffix}" (reserved by AWS)`;
  }
  return undefined;
}

/** S3-compatible stores (MinIO, Ceph, Wasabi, ...) follow the basic S3 rules without AWS's reserved names. */
export function s3CompatibleBucketNameProblem(name: string): string | undefined {
  const allowed = "use 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit";
  if (name.length < 3 || name.length > 63) return `must be 3-63 characters long (got ${name.length}); ${allowed}`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return allowed;
  if (name.includes("..")) return "must not contain two adjacent dots";
  return undefined;
}

export function gcsBucketNameProblem(name: string): string | undefined {
  const allowed = "use lower-case letters, digits, dashes, underscores and dots, starting and ending with a letter or digit";
  const max = name.includes(".") ? 222 : 63;
  if (name.length < 3 || name.length > max) return `must be 3-${max} characters long (got ${name.length}); ${allowed}`;
  if (!/^[a-z0-9][a-z0-9._-]*[a-z0-9]$/.test(name)) return allowed;
  if (name.split(".").some((part) => part.length > 63)) return "each dot-separated part must be at most 63 characters";
  if (IPV4.test(name)) return "must not be formatted as an IP address";
  if (name.startsWith("goog") || /g[o0]{2}gle/.test(name)) return 'must not start with "goog" or contain "google"';
  return undefined;
}

export function azureContainerNameProblem(name: string): string | undefined {
  const allowed = "use 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit";
  if (name.length < 3 || name.length > 63) return `must be 3-63 characters long (got ${name.length}); ${allowed}`;
  if (!/^[a-z0-9](-?[a-z0-9])*$/.test(name)) return allowed;
  return undefined;
}
