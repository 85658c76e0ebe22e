import { identityOf, type ResourceIdentity } from "../core/resources/resource-identity";
import { isRecord } from "../core/schema/reconcile";
import { containsUnknown } from "../core/schema/unknown";
import { DiagnosticError } from "./protocol/diagnostics";
import { decodeDynamicValue, decodeRawState, encodeDynamicValue } from "./protocol/dynamic-value";
import type * as pb from "./protocol/messages";
import { type IdentitySchema, identityType } from "./protocol/schema-types";
import { type TfObject } from "./values";

/**
 * Terraform 1.12+ resource identity, for one resource type: the identity every answer about an object carries
 * (read, plan, apply, import, list), computed from the object's state alone, so it is the same in every answer for
 * as long as the object exists. Terraform 1.11 never sends identity fields and skips the ones we send.
 */
export class IdentityCodec {
  constructor(
    private readonly identity: ResourceIdentity,
    readonly schema: IdentitySchema,
  ) {}

  /** The identity of an object; a planned create's is partly unknown until apply. Undefined for no object. */
  of(state: TfObject | null): pb.ResourceIdentityData | undefined {
    if (!state) return undefined;
    return { identity_data: encodeDynamicValue(identityOf(this.identity, state), identityType(this.schema)) };
  }

  /** The import ID an import-by-identity stands for; a DiagnosticError names what is missing or wrong. */
  importId(data: pb.ResourceIdentityData): string {
    const value = decodeDynamicValue(data.identity_data, identityType(this.schema));
    if (!isRecord(value) || containsUnknown(value)) {
      throw new DiagnosticError("Invalid Import Identity", "The identity to import by must be a known object.");
    }
    const missing = Object.keys(this.identity.attributes).filter((name) => typeof value[name] !== "string" || value[name] === "");
    if (missing.length > 0) {
      throw new DiagnosticError(
        "Invalid Import Identity",
        `Importing by identity needs ${missing.map((name) => `"${name}"`).join(" and ")} in the identity block; got ${formatIdentity(value)}.`,
      );
    }
    return this.identity.importId(value as Record<string, string>);
  }

  /** A stored identity brought to the current version (only the current version exists so far). */
  upgrade(request: pb.UpgradeResourceIdentityRequest): pb.UpgradeResourceIdentityResponse {
    const current = this.identity.version;
    if (request.version !== current) {
      throw new DiagnosticError(
        "Unable to Upgrade Resource Identity",
        `The identity of this ${request.type_name} was stored with identity version ${request.version}; this provider knows version ${current} only. ` +
          (request.version > current
            ? "Use the provider version that wrote it, or a newer one."
            : "This is a bug in the provider; please report it."),
      );
    }
    const type = identityType(this.schema);
    return { upgraded_identity: { identity_data: encodeDynamicValue(decodeRawState(request.raw_identity, type), type) }, diagnostics: [] };
  }
}

/** An identity as a user wrote it, for messages (identities hold SIDs only, nothing secret). */
export const formatIdentity = (value: Readonly<Record<string, unknown>>): string =>
  `{ ${Object.entries(value)
    .map(([name, v]) => `${name} = ${JSON.stringify(v ?? null)}`)
    .join(", ")} }`;
