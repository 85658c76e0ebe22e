import { type ActionDefinition } from "../core/actions/action-definition";
import { BucketCredentialTestError } from "../core/resources/account-recording/handlers";
import { type HandlerContext } from "../core/resources/handler-context";
import { parseConfig } from "../core/resources/resource-definition";
import { isRecord } from "../core/schema/reconcile";
import { type TerraformAttribute, terraformAttributes } from "./attributes";
import { errorDiagnostics, issueDiagnostics } from "./error-diagnostics";
import { errorDiagnostic } from "./protocol/diagnostics";
import { decodeDynamicValue } from "./protocol/dynamic-value";
import type * as pb from "./protocol/messages";
import { type ResourceSchema } from "./protocol/schema-types";
import { actionSchema } from "./schema";
import { type TfObject, toModel } from "./values";

/**
 * A Terraform 1.14+ action (`action "voicegateway_..." "name" { config {...} }`, run by an `action_trigger` or by
 * `terraform apply -invoke=action.<type>.<name>`): checked at validate and plan, run by InvokeAction as a stream of
 * progress events that ends with one `completed` event carrying any error. Actions keep no state.
 */
export class ActionType {
  readonly attributes: readonly TerraformAttribute[];
  readonly schema: ResourceSchema;

  constructor(readonly definition: ActionDefinition) {
    this.attributes = terraformAttributes(definition.fields);
    this.schema = actionSchema(definition);
  }

  /** Problems with the configuration's known values; unknown ones are checked when the action runs. */
  problems(value: pb.DynamicValue | undefined): pb.Diagnostic[] {
    const config = this.config(value);
    const parsed = parseConfig({ inputs: this.definition.inputs, rules: [] }, toModel(this.attributes, config));
    return parsed.ok ? [] : issueDiagnostics(parsed.issues, this.attributes, config);
  }

  async *invoke(request: pb.InvokeActionRequest, context: () => HandlerContext): AsyncGenerator<pb.InvokeActionEvent> {
    const config = this.config(request.config);
    const parsed = parseConfig({ inputs: this.definition.inputs, rules: [] }, toModel(this.attributes, config));
    if (!parsed.ok) return yield { completed: { diagnostics: issueDiagnostics(parsed.issues, this.attributes, config) } };
    if (!parsed.known) {
      return yield {
        completed: {
          diagnostics: [
            errorDiagnostic("Configuration Not Known", "Every value of the action's configuration must be known when it runs."),
          ],
        },
      };
    }
    // Outside the try: a provider that cannot reach the portal yet says so in its own words (a DiagnosticError).
    const ctx = context();
    try {
      for await (const message of this.definition.run(ctx, parsed.config)) yield { progress: { message } };
    } catch (error) {
      return yield { completed: { diagnostics: this.failure(error, config) } };
    }
    yield { completed: { diagnostics: [] } };
  }

  private failure(error: unknown, config: TfObject): pb.Diagnostic[] {
    // The portal's own verdict on a credential, already redacted: shown as it is, not as a provider error.
    if (BucketCredentialTestError.is(error)) return [errorDiagnostic("Recording Bucket Test Failed", error.message)];
    return errorDiagnostics(error, `run ${this.definition.name.replace(/_/g, " ")}`, this.attributes, config);
  }

  private config(value: pb.DynamicValue | undefined): TfObject {
    const decoded = decodeDynamicValue(value, this.schema);
    return isRecord(decoded) ? decoded : {};
  }
}
