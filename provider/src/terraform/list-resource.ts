import { type HandlerContext } from "../core/resources/handler-context";
import { parseConfig } from "../core/resources/resource-definition";
import { type ResourceList } from "../core/resources/resource-list";
import { isRecord } from "../core/schema/reconcile";
import { type TerraformAttribute, terraformAttributes } from "./attributes";
import { errorDiagnostics, issueDiagnostics } from "./error-diagnostics";
import { type IdentityCodec } from "./identity";
import { errorDiagnostic, warningDiagnostic } from "./protocol/diagnostics";
import { decodeDynamicValue, encodeDynamicValue } from "./protocol/dynamic-value";
import type * as pb from "./protocol/messages";
import { type ResourceSchema } from "./protocol/schema-types";
import { listResourceSchema } from "./schema";
import { adoptedState } from "./secret-state";
import { type TfObject, toModel } from "./values";

/** The managed resource a list yields: its attributes and schema (for resource objects) and its identity. */
export interface ListedResource {
  readonly name: string;
  readonly attributes: readonly TerraformAttribute[];
  readonly schema: ResourceSchema;
  readonly identity: IdentityCodec;
}

/**
 * A Terraform 1.14+ list resource (`list "voicegateway_account" ...` in a `.tfquery.hcl` file): its filters, and
 * the ListResource stream. Every event names one object by its identity, with the state an import would store
 * when terraform asks for the resource object; objects the portal cannot show become warnings without identity.
 */
export class ListResourceType {
  readonly filterAttributes: readonly TerraformAttribute[];
  readonly schema: ResourceSchema;

  constructor(
    private readonly list: ResourceList,
    private readonly resource: ListedResource,
  ) {
    this.filterAttributes = terraformAttributes(list.filterFields);
    this.schema = listResourceSchema(list);
  }

  /** Problems with the filters' known values (terraform validates before it has every value). */
  validate(request: pb.ValidateListResourceConfigRequest): pb.Diagnostic[] {
    const config = this.config(request.config);
    const parsed = parseConfig({ inputs: this.list.filters, rules: [] }, toModel(this.filterAttributes, config));
    const diagnostics = parsed.ok ? [] : issueDiagnostics(parsed.issues, this.filterAttributes, config);
    const limit = decodeDynamicValue(request.limit, "number");
    if (typeof limit === "number" && limit < 0)
      diagnostics.push(errorDiagnostic("Invalid limit", `limit must be 0 or more; got ${limit}.`));
    return diagnostics;
  }

  async *events(request: pb.ListResourceRequest, context: () => HandlerContext, signal: AbortSignal): AsyncGenerator<pb.ListResourceEvent> {
    const config = this.config(request.config);
    const parsed = parseConfig({ inputs: this.list.filters, rules: [] }, toModel(this.filterAttributes, config));
    if (!parsed.ok) return yield { diagnostic: issueDiagnostics(parsed.issues, this.filterAttributes, config) };
    if (!parsed.known) {
      return yield {
        diagnostic: [errorDiagnostic("Filter Not Known", "Every value of the list's config block must be known when the list runs.")],
      };
    }
    if (request.limit <= 0) return;
    // Outside the try: a provider that cannot reach the portal yet says so in its own words (a DiagnosticError).
    const ctx = context();
    let listed;
    try {
      listed = await this.list.list(ctx, parsed.config);
    } catch (error) {
      return yield { diagnostic: errorDiagnostics(error, `list ${this.resource.name.replace(/_/g, " ")}s`, this.filterAttributes, config) };
    }
    // Warnings without an identity do not count towards the limit, so they come first and are never cut off.
    for (const object of listed.unreadable)
      yield { diagnostic: [warningDiagnostic(`Account Left Out: ${object.displayName}`, object.reason)] };
    let sent = 0;
    for (const object of listed.found) {
      if (sent >= request.limit || signal.aborted) return;
      const state = adoptedState(this.resource.attributes, object.state as Record<string, unknown>);
      yield {
        identity: this.resource.identity.of(state),
        display_name: object.displayName,
        ...(request.include_resource_object ? { resource_object: encodeDynamicValue(state, this.resource.schema) } : {}),
      };
      sent += 1;
    }
  }

  /** The config block's value: null (no block) reads as no filters. */
  private config(value: pb.DynamicValue | undefined): TfObject {
    const decoded = decodeDynamicValue(value, this.schema);
    return isRecord(decoded) ? decoded : {};
  }
}
