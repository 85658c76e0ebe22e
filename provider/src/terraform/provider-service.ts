import { type ActionDefinition } from "../core/actions/action-definition";
import { PortalClient } from "../core/client";
import { withSignal } from "../core/client/with-signal";
import { type DataSourceDefinition } from "../core/data-sources/data-source-definition";
import { type HandlerContext } from "../core/resources/handler-context";
import { PartialApplyError } from "../core/resources/partial-apply-error";
import { PortalSession } from "../core/resources/portal-session";
import { parseConfig, type ResourceDefinition } from "../core/resources/resource-definition";
import { type ValidationIssue } from "../core/schema/issues";
import { isRecord } from "../core/schema/reconcile";
import { containsUnknown, isUnknown, UNKNOWN } from "../core/schema/unknown";
import { stripNulls } from "../core/schema/validate";
import { isLegacyFingerprint, SecretFingerprinter } from "../core/secrets/fingerprint";
import { SecretComparison } from "../core/secrets/secret-comparison";
import { ActionType } from "./actions";
import { SECRET_CHANGED_MARKER, type TerraformAttribute, terraformAttributes, writeOnlyName, writeOnlyVersionName } from "./attributes";
import { errorDiagnostics, issueDiagnostics } from "./error-diagnostics";
import { generatedConfig } from "./generated-config";
import { formatIdentity, IdentityCodec } from "./identity";
import { launcherExtraCaCertificates } from "./install/extra-ca-certificates";
import { ListResourceType } from "./list-resource";
import { changesAct, planAttributes, replacedAttributes } from "./plan";
import { toAttributePath } from "./protocol/attribute-path";
import { DiagnosticError, Diagnostics, errorDiagnostic, warningDiagnostic } from "./protocol/diagnostics";
import { decodeDynamicValue, decodeRawState, encodeDynamicValue, NULL_DYNAMIC_VALUE } from "./protocol/dynamic-value";
import { providerLogger } from "./protocol/log";
import type * as pb from "./protocol/messages";
import { type ProviderImplementation, type RpcContext } from "./protocol/rpc";
import { identityType, type ResourceSchema, toGetProviderSchemaResponse, toProtoIdentitySchemas } from "./protocol/schema-types";
import {
  type ProviderSettings,
  portalClientOptions,
  providerConfigProblems,
  resolveProviderSettings,
  type SettingsProblem,
} from "./provider-config";
import { dataSourceSchema, identitySchema, providerSchema, resourceSchema, TYPE_PREFIX } from "./schema";
import { adoptedState, readPrivate, secretsForState, writePrivate, writtenFingerprints } from "./secret-state";
import { fromModel, getPath, type TfObject, toModel, writeOnlySecretPaths } from "./values";

const log = providerLogger();

interface ResourceType {
  readonly definition: ResourceDefinition;
  readonly attributes: readonly TerraformAttribute[];
  readonly schema: ResourceSchema;
  /** Terraform 1.12+: absent for a type that cannot be imported. */
  readonly identity?: IdentityCodec;
  /** Terraform 1.14+: the list resource of the same name, for a type that can be listed. */
  readonly list?: ListResourceType;
}

interface DataSourceType {
  readonly definition: DataSourceDefinition;
  readonly inputAttributes: readonly TerraformAttribute[];
  readonly schema: ResourceSchema;
}

const asObject = (value: unknown): TfObject | null => (isRecord(value) && !isUnknown(value) ? value : null);

/** Problems with the provider block, on their attribute; one from an environment variable points at the block. */
const settingsDiagnostics = (problems: readonly SettingsProblem[]): pb.Diagnostic[] =>
  problems.map((p) => errorDiagnostic(p.summary, p.detail, p.attribute ? [p.attribute] : undefined));

/**
 * The Terraform face of the shared handlers. Everything resource-specific comes from the resource definitions;
 * this class only applies Terraform's rules: plans that keep prior values the portal only
 * normalised, results that match the plan exactly, reads that return null when an object is gone, and write-only
 * secrets that never reach state while their drift is still detected.
 */
export class VoiceGatewayProvider implements ProviderImplementation {
  private readonly resourceTypes: ReadonlyMap<string, ResourceType>;
  private readonly dataSourceTypes: ReadonlyMap<string, DataSourceType>;
  private readonly actionTypes: ReadonlyMap<string, ActionType>;
  private settings: ProviderSettings | undefined;
  private settingsUnknown = false;
  private client: PortalClient | undefined;
  // One per process: terraform refreshes every resource in the same process, so one list serves them all.
  private session: PortalSession | undefined;
  private fingerprints: SecretFingerprinter | undefined;
  // Accounts this process plans to delete or replace: their names are free by the time a create is applied.
  private readonly releasing = new Set<string>();

  constructor(
    resources: readonly ResourceDefinition[],
    private readonly dataSources: readonly DataSourceDefinition[],
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
    private readonly actions: readonly ActionDefinition[] = [],
  ) {
    this.resourceTypes = new Map(resources.map((definition) => [TYPE_PREFIX + definition.name, resourceType(definition)]));
    this.actionTypes = new Map(actions.map((definition) => [TYPE_PREFIX + definition.name, new ActionType(definition)]));
    this.dataSourceTypes = new Map(
      dataSources.map((definition) => [
        TYPE_PREFIX + definition.name,
        { definition, inputAttributes: terraformAttributes(definition.inputFields), schema: dataSourceSchema(definition) },
      ]),
    );
  }

  getProviderSchema(): pb.GetProviderSchemaResponse {
    const definitions = [...this.resourceTypes.values()].map((t) => t.definition);
    // Nothing here depends on GetProviderSchema having run, so terraform may reuse the schema it cached from the
    // first provider process of a command instead of asking every process again. Terraform before 1.14 skips the
    // capability it does not know, and the list and action schemas with it.
    return toGetProviderSchemaResponse(providerSchema(definitions, this.dataSources, this.actions), {
      getProviderSchemaOptional: true,
      generateResourceConfig: true,
    });
  }

  getResourceIdentitySchemas(): pb.GetResourceIdentitySchemasResponse {
    const schemas = Object.fromEntries(
      [...this.resourceTypes].flatMap(([name, type]) => (type.identity ? [[name, type.identity.schema]] : [])),
    );
    return { identitySchemas: toProtoIdentitySchemas(schemas), diagnostics: [] };
  }

  upgradeResourceIdentity(request: pb.UpgradeResourceIdentityRequest): pb.UpgradeResourceIdentityResponse {
    return this.identityOf(this.resourceType(request.typeName), request.typeName).upgrade(request);
  }

  validateProviderConfig(request: pb.ValidateProviderConfigRequest): pb.ValidateProviderConfigResponse {
    const config = asObject(decodeDynamicValue(request.config, providerSchema([], []).provider)) ?? {};
    // The environment is ConfigureProvider's: a URL or key left out here may still come from it.
    return { diagnostics: settingsDiagnostics(providerConfigProblems(config)) };
  }

  configureProvider(request: pb.ConfigureProviderRequest): pb.ConfigureProviderResponse {
    const config = asObject(decodeDynamicValue(request.config, providerSchema([], []).provider)) ?? {};
    const resolved = resolveProviderSettings(config, this.env);
    this.settings = resolved.settings;
    this.settingsUnknown = resolved.unknown;
    return { diagnostics: settingsDiagnostics(resolved.problems) };
  }

  validateResourceConfig(request: pb.ValidateResourceConfigRequest): pb.ValidateResourceConfigResponse {
    // Configured means this is a plan or apply: PlanResourceChange reports these problems together with the checks
    // that need the prior state, instead of stopping terraform here and showing those only in a second round.
    if (this.settings) return { diagnostics: [] };
    const type = this.resourceType(request.typeName);
    const config = asObject(decodeDynamicValue(request.config, type.schema)) ?? {};
    return { diagnostics: this.configProblems(type, config) };
  }

  validateDataResourceConfig(request: pb.ValidateDataResourceConfigRequest): pb.ValidateDataResourceConfigResponse {
    const type = this.dataSourceType(request.typeName);
    const config = asObject(decodeDynamicValue(request.config, type.schema)) ?? {};
    const model = toModel(type.inputAttributes, config);
    if (containsUnknown(model)) return { diagnostics: [] };
    const parsed = type.definition.inputs.safeParse(model);
    const issues = parsed.success ? type.definition.check(parsed.data) : [];
    return { diagnostics: issueDiagnostics(issues, type.inputAttributes, config) };
  }

  upgradeResourceState(request: pb.UpgradeResourceStateRequest): pb.UpgradeResourceStateResponse {
    const type = this.resourceType(request.typeName);
    const { definition } = type;
    const version = Number(request.version);
    if (version > definition.schemaVersion) {
      return {
        diagnostics: [
          errorDiagnostic(
            "State Written by a Newer Provider",
            `The state of this ${request.typeName} has schema version ${version}; this provider knows version ${definition.schemaVersion}. Use the provider version that wrote it, or a newer one.`,
          ),
        ],
      };
    }
    let raw = asObject(decodeRawState(request.rawState)) ?? {};
    if (version < definition.schemaVersion) {
      if (!definition.upgradeState) throw new Error(`no state upgrader for ${request.typeName} version ${version}`);
      raw = definition.upgradeState(version, raw);
    }
    // Re-encoding with the current schema drops attributes it no longer has and adds new ones as null.
    const rawJson = Buffer.from(JSON.stringify(raw));
    const upgraded = decodeRawState({ json: rawJson }, type.schema);
    return { upgradedState: encodeDynamicValue(upgraded, type.schema), diagnostics: [] };
  }

  async planResourceChange(request: pb.PlanResourceChangeRequest, rpc: RpcContext): Promise<pb.PlanResourceChangeResponse> {
    const type = this.resourceType(request.typeName);
    const proposed = decodeDynamicValue(request.proposedNewState, type.schema);
    const prior = asObject(decodeDynamicValue(request.priorState, type.schema));
    if (proposed === null) {
      if (prior && typeof prior.id === "string") this.releasing.add(prior.id);
      return { plannedState: NULL_DYNAMIC_VALUE, plannedPrivate: request.priorPrivate };
    }
    const config = asObject(decodeDynamicValue(request.config, type.schema)) ?? {};

    let planned = planAttributes(type.attributes, prior, config);
    for (const [output, inputs] of Object.entries(type.definition.recomputedBy ?? {})) {
      const acting = inputs
        .map((input) => type.attributes.find((a) => a.name === input)!)
        .filter((a) => prior && changesAct(a, prior, planned));
      if (acting.length > 0) planned = { ...planned, [output]: UNKNOWN };
    }
    const replaced = prior ? replacedAttributes(type.attributes, prior, planned) : [];
    if (replaced.length > 0 && typeof prior?.id === "string") this.releasing.add(prior.id);
    // Validated once: the field checks and the plan's checks read the same result.
    const raw = toModel(type.attributes, config);
    const parsed = parseConfig(type.definition, raw);
    return {
      plannedState: encodeDynamicValue(planned, type.schema),
      requiresReplace: replaced.map((name) => toAttributePath([name])),
      plannedPrivate: request.priorPrivate,
      diagnostics: [...this.configProblems(type, config, parsed), ...(await this.planProblems(type, config, prior, rpc, raw, parsed))],
      ...identityField("plannedIdentity", type.identity?.of(planned)),
    };
  }

  async applyResourceChange(request: pb.ApplyResourceChangeRequest, rpc: RpcContext): Promise<pb.ApplyResourceChangeResponse> {
    const type = this.resourceType(request.typeName);
    const { definition, attributes } = type;
    const prior = asObject(decodeDynamicValue(request.priorState, type.schema));
    const planned = asObject(decodeDynamicValue(request.plannedState, type.schema));
    const config = asObject(decodeDynamicValue(request.config, type.schema)) ?? {};
    const operation = `${planned ? (prior ? "update" : "create") : "delete"} ${definition.name.replace(/_/g, " ")}`;
    const ctx = this.handlerContext(rpc);

    // What the state will hold when the apply fails before changing anything: the prior object, as it was.
    const unchanged = { newState: request.priorState ?? NULL_DYNAMIC_VALUE, ...identityField("newIdentity", type.identity?.of(prior)) };
    if (!planned) {
      try {
        await definition.handlers.delete(ctx, prior ? toModel(attributes, prior) : null);
        return { newState: NULL_DYNAMIC_VALUE, diagnostics: [] };
      } catch (error) {
        return { ...unchanged, diagnostics: errorDiagnostics(error, operation, attributes, config) };
      }
    }

    const parsed = parseConfig(definition, toModel(attributes, config));
    if (!parsed.ok || !parsed.known) {
      const diagnostics = parsed.ok
        ? [
            errorDiagnostic(
              "Configuration Not Known at Apply",
              "Every value must be known when the change is applied; this is a bug in the provider or in Terraform.",
            ),
          ]
        : issueDiagnostics(parsed.issues, attributes, config);
      return { ...unchanged, diagnostics };
    }
    const model = parsed.config as Record<string, unknown>;
    const priorModel = prior ? toModel(attributes, prior) : null;
    try {
      const state = priorModel ? await definition.handlers.update(ctx, priorModel, model) : await definition.handlers.create(ctx, model);
      const fingerprints = writtenFingerprints(attributes, model, config, this.fingerprinter());
      const applied = this.stateForPlan(type, state, planned);
      return {
        newState: encodeDynamicValue(applied, type.schema),
        private: writePrivate({ fingerprints }),
        diagnostics: [],
        ...identityField("newIdentity", type.identity?.of(applied)),
      };
    } catch (error) {
      const diagnostics = errorDiagnostics(error, operation, attributes, config);
      if (PartialApplyError.is(error)) {
        // What the portal holds now, with write-only secrets (and secrets nobody asked to keep) left out.
        const recorded =
          error.state === null
            ? null
            : secretsForState(
                attributes,
                this.withPriorWriteOnly(type, fromModel(attributes, error.state as Record<string, unknown>), prior ?? planned),
                new Set(writeOnlySecretPaths(attributes, config).map((path) => path.join("."))),
                (path) => getPath(config, path) !== null && getPath(config, path) !== undefined,
              );
        return {
          newState: recorded === null ? NULL_DYNAMIC_VALUE : encodeDynamicValue(recorded, type.schema),
          private: request.plannedPrivate,
          diagnostics,
          ...identityField("newIdentity", type.identity?.of(recorded)),
        };
      }
      return { ...unchanged, private: request.plannedPrivate, diagnostics };
    }
  }

  async readResource(request: pb.ReadResourceRequest, rpc: RpcContext): Promise<pb.ReadResourceResponse> {
    const type = this.resourceType(request.typeName);
    const current = asObject(decodeDynamicValue(request.currentState, type.schema));
    if (!current) return { newState: NULL_DYNAMIC_VALUE, private: request.private };
    const data = readPrivate(request.private);
    const written = data.fingerprints ?? {};
    try {
      const secrets = new SecretComparison(this.fingerprinter(), written);
      const state = await type.definition.handlers.read({ ...this.handlerContext(rpc), secrets }, toModel(type.attributes, current));
      if (state === null) return { newState: NULL_DYNAMIC_VALUE, diagnostics: [] };
      const read = secretsForState(
        type.attributes,
        this.withPriorWriteOnly(type, fromModel(type.attributes, state), current),
        new Set(Object.keys(written)),
        (path) => getPath(current, path) !== null && getPath(current, path) !== undefined,
      );
      return {
        newState: encodeDynamicValue(read, type.schema),
        ...identityField("newIdentity", type.identity?.of(read)),
        private: writePrivate({ ...data, fingerprints: rekeyed(written, secrets, read) }),
        diagnostics: secrets.unverified.map((path) =>
          warningDiagnostic(
            "Secret Not Compared",
            `${path} was written while the provider used another API key, so whether the portal still holds it could not be checked this time. It is compared from now on under the current key.`,
          ),
        ),
      };
    } catch (error) {
      return {
        newState: request.currentState ?? NULL_DYNAMIC_VALUE,
        ...identityField("newIdentity", type.identity?.of(current)),
        private: request.private,
        diagnostics: errorDiagnostics(error, `read ${type.definition.name.replace(/_/g, " ")}`, type.attributes, null),
      };
    }
  }

  async importResourceState(request: pb.ImportResourceStateRequest, rpc: RpcContext): Promise<pb.ImportResourceStateResponse> {
    const type = this.resourceType(request.typeName);
    const { definition } = type;
    if (!definition.importId) {
      return {
        diagnostics: [
          errorDiagnostic(
            "Resource Cannot Be Imported",
            `${request.typeName} is an action, not an object in the portal, so there is nothing to import.`,
          ),
        ],
      };
    }
    // Terraform 1.12+ imports by identity (`import { identity = {...} }`) instead of by ID; it stands for an ID. A
    // wrong identity is the user's to fix: its DiagnosticError reaches terraform as it is.
    const byIdentity = request.id === "" && request.identity?.identityData !== undefined;
    const id = byIdentity ? this.identityOf(type, request.typeName).importId(request.identity!) : request.id;
    try {
      const state = await definition.handlers.importState(this.handlerContext(rpc), id);
      if (state === null) {
        const asked = byIdentity
          ? `identity ${formatIdentity(decodeDynamicValue(request.identity!.identityData, identityType(type.identity!.schema)) as TfObject)}`
          : `ID ${JSON.stringify(id)} (the ID format is ${definition.importId.format})`;
        return {
          diagnostics: [
            errorDiagnostic(
              "Cannot Import Non-Existent Remote Object",
              `The portal has no ${definition.name.replace(/_/g, " ")} for ${asked}.`,
            ),
          ],
        };
      }
      const imported = adoptedState(type.attributes, state);
      return {
        importedResources: [
          {
            typeName: request.typeName,
            state: encodeDynamicValue(imported, type.schema),
            ...identityField("identity", type.identity?.of(imported)),
          },
        ],
        diagnostics: [],
      };
    } catch (error) {
      return { diagnostics: errorDiagnostics(error, `import ${definition.name.replace(/_/g, " ")}`, type.attributes, null) };
    }
  }

  async readDataSource(request: pb.ReadDataSourceRequest, rpc: RpcContext): Promise<pb.ReadDataSourceResponse> {
    const type = this.dataSourceType(request.typeName);
    const config = asObject(decodeDynamicValue(request.config, type.schema)) ?? {};
    const parsed = type.definition.inputs.safeParse(toModel(type.inputAttributes, config));
    if (!parsed.success) {
      return { diagnostics: [errorDiagnostic("Invalid Data Source Configuration", parsed.error.issues.map((i) => i.message).join("; "))] };
    }
    try {
      const state = await type.definition.read(this.handlerContext(rpc), parsed.data);
      const attributes = fieldsOnly(terraformAttributes([...type.definition.inputFields, ...type.definition.outputFields]));
      const value = { ...fromModel(attributes, { ...parsed.data, ...state }), id: state.id ?? null };
      return { state: encodeDynamicValue(value, type.schema), diagnostics: [] };
    } catch (error) {
      return { diagnostics: errorDiagnostics(error, `read ${type.definition.name.replace(/_/g, " ")}`, type.inputAttributes, config) };
    }
  }

  /**
   * Terraform 1.14+ `-generate-config-out`: a configuration for the imported state that plans clean, without
   * secrets (see `generatedConfig`). Without a state (a list result without its resource object, or terraform
   * 1.14.0, which never sent one) there is nothing to generate from: terraform then writes every argument as null.
   */
  generateResourceConfig(request: pb.GenerateResourceConfigRequest): pb.GenerateResourceConfigResponse {
    const type = this.resourceType(request.typeName);
    const state = asObject(decodeDynamicValue(request.state, type.schema));
    if (!state) {
      return {
        config: NULL_DYNAMIC_VALUE,
        diagnostics: [
          warningDiagnostic(
            "No State to Generate Configuration From",
            `Terraform sent no state for this ${request.typeName}, so every argument is written as null: fill them in. ` +
              "A list block with include_resource = true (Terraform 1.14.1 or later) gives the provider the state to generate from.",
          ),
        ],
      };
    }
    return { config: encodeDynamicValue(generatedConfig(type.attributes, state), type.schema), diagnostics: [] };
  }

  validateListResourceConfig(request: pb.ValidateListResourceConfigRequest): pb.ValidateListResourceConfigResponse {
    return { diagnostics: this.listType(request.typeName).validate(request) };
  }

  listResource(request: pb.ListResourceRequest, rpc: RpcContext): AsyncIterable<pb.ListResourceEvent> {
    return this.listType(request.typeName).events(request, () => this.handlerContext(rpc), rpc.signal);
  }

  validateActionConfig(request: pb.ValidateActionConfigRequest): pb.ValidateActionConfigResponse {
    return { diagnostics: this.actionType(request.actionType).problems(request.config) };
  }

  planAction(request: pb.PlanActionRequest): pb.PlanActionResponse {
    // Nothing to compute ahead: an action's effect is known only when it runs.
    return { diagnostics: this.actionType(request.actionType).problems(request.config) };
  }

  invokeAction(request: pb.InvokeActionRequest, rpc: RpcContext): AsyncIterable<pb.InvokeActionEvent> {
    return this.actionType(request.actionType).invoke(request, () => this.handlerContext(rpc));
  }

  // --- helpers ---

  private resourceType(name: string): ResourceType {
    const type = this.resourceTypes.get(name);
    if (!type) throw new Error(`This provider has no resource type ${JSON.stringify(name)}`);
    return type;
  }

  private identityOf(type: ResourceType, name: string): IdentityCodec {
    if (!type.identity)
      throw new DiagnosticError("Resource Has No Identity", `${name} is an action, not an object in the portal: it has no identity.`);
    return type.identity;
  }

  private listType(name: string): ListResourceType {
    const list = this.resourceTypes.get(name)?.list;
    if (!list) throw new Error(`This provider has no list resource ${JSON.stringify(name)}`);
    return list;
  }

  private actionType(name: string): ActionType {
    const action = this.actionTypes.get(name);
    if (!action) throw new Error(`This provider has no action ${JSON.stringify(name)}`);
    return action;
  }

  private dataSourceType(name: string): DataSourceType {
    const type = this.dataSourceTypes.get(name);
    if (!type) throw new Error(`This provider has no data source ${JSON.stringify(name)}`);
    return type;
  }

  /**
   * The handlers' view of this RPC: the process's client, whose requests stop, in flight too, once the provider
   * shuts down (terraform gone). Not on Ctrl-C: a create cut off mid-request could exist in the portal without
   * ever reaching the state. Fails only with a DiagnosticError, which reaches terraform as the user's problem.
   */
  private handlerContext(rpc: RpcContext): HandlerContext {
    const { client, session } = this.connection();
    return {
      client: withSignal(client, rpc.shutdownSignal),
      session,
      signal: rpc.signal,
      ...(this.settings?.serviceProviderSid ? { serviceProviderSid: this.settings.serviceProviderSid } : {}),
    };
  }

  /** The client and session of this process, made on first use from the provider configuration. */
  private connection(): { client: PortalClient; session: PortalSession; fingerprinter: SecretFingerprinter } {
    if (!this.settings) {
      throw this.settingsUnknown
        ? new DiagnosticError(
            "Provider Configuration Not Known Yet",
            "The provider configuration refers to values known only after apply, so the portal cannot be reached yet. Apply the resources it depends on first (terraform apply -target=...).",
          )
        : new DiagnosticError(
            "Provider Not Configured",
            "Set api_url and api_key in the provider block, or VOICEGATEWAY_API_URL and VOICEGATEWAY_API_KEY.",
          );
    }
    try {
      this.client ??= new PortalClient({
        ...portalClientOptions(this.settings),
        ...launcherExtraCaCertificates(this.env, log),
        // The client outlives any one RPC, so it logs through the process logger, not the first call's.
        logger: { debug: (message, fields) => log.debug(message, fields), warn: (message, fields) => log.warn(message, fields) },
      });
    } catch (error) {
      // ConfigureProvider has checked these settings already; should the client still refuse them, its message is
      // redacted and is the user's to act on.
      throw new DiagnosticError("Invalid Provider Configuration", error instanceof Error ? error.message : String(error));
    }
    this.fingerprints ??= new SecretFingerprinter(this.settings.apiKey);
    this.session ??= new PortalSession(this.fingerprints);
    return { client: this.client, session: this.session, fingerprinter: this.fingerprints };
  }

  /** Field checks (known values only), plus write-only secrets given twice. */
  private configProblems(
    type: ResourceType,
    config: TfObject,
    parsed = parseConfig(type.definition, toModel(type.attributes, config)),
  ): pb.Diagnostic[] {
    const diagnostics = new Diagnostics();
    for (const path of writeOnlySecretPaths(type.attributes, config)) {
      if (getPath(config, path) !== null && getPath(config, path) !== undefined) {
        const name = path.at(-1)!;
        diagnostics.error(
          `Conflicting ${name} and ${writeOnlyName(name)}`,
          `Set ${name} or ${writeOnlyName(name)}, not both: ${writeOnlyName(name)} is the same secret, kept out of state.`,
          [...path.slice(0, -1), writeOnlyName(name)],
        );
      }
    }
    if (!parsed.ok) diagnostics.add(...issueDiagnostics(parsed.issues, type.attributes, config));
    return diagnostics.toArray();
  }

  /**
   * Checks against the prior state (secrets that may be omitted, applications of a new account) and against the
   * portal (a name another account holds). They run even when field checks failed, so one plan shows every problem.
   */
  private async planProblems(
    type: ResourceType,
    config: TfObject,
    prior: TfObject | null,
    rpc: RpcContext,
    raw: Record<string, unknown>,
    parsed: ReturnType<typeof parseConfig>,
  ): Promise<pb.Diagnostic[]> {
    const { definition } = type;
    if (containsUnknown(raw)) return [];
    // With field errors there are no defaults to apply: the checks read the values given.
    const model = parsed.ok && parsed.known ? parsed.config : stripNulls(raw);
    const priorModel = prior ? toModel(type.attributes, prior) : null;
    const issues: ValidationIssue[] = [...(definition.checkPlan?.(model, priorModel) ?? [])];
    const failures: pb.Diagnostic[] = [];
    if (definition.checkPortal && parsed.ok && this.settings) {
      try {
        issues.push(...(await definition.checkPortal(this.handlerContext(rpc), model, priorModel, this.releasing)));
      } catch (error) {
        // A portal that cannot be asked (unreachable, key refused, out of retries) is the user's to act on, named
        // as such: not the "bug in the provider" terraform would show for a failed RPC.
        failures.push(
          ...errorDiagnostics(error, `check this ${definition.name.replace(/_/g, " ")} against the portal`, type.attributes, config),
        );
      }
    }
    return [...issueDiagnostics(issues, type.attributes, config), ...failures];
  }

  /**
   * The applied state as Terraform will check it: every value the plan knew is returned exactly (the handler's
   * value means the same, and terraform rejects any other), write-only values are null, computed values come from
   * the portal.
   */
  private stateForPlan(type: ResourceType, state: Record<string, unknown>, planned: TfObject): TfObject {
    const applied = fromModel(type.attributes, state);
    const overlay = (attributes: readonly TerraformAttribute[], value: TfObject, plan: TfObject): TfObject => {
      const out: TfObject = { ...value };
      for (const attribute of attributes) {
        const plannedValue = plan[attribute.name];
        if (attribute.role !== "field") {
          out[attribute.name] = attribute.role === "write_only" ? null : (plannedValue ?? null);
        } else if (isUnknown(plannedValue)) {
        } else if (attribute.nested && asObject(plannedValue) && asObject(out[attribute.name])) {
          out[attribute.name] = overlay(attribute.nested, out[attribute.name] as TfObject, plannedValue as TfObject);
        } else if (!containsUnknown(plannedValue)) {
          out[attribute.name] = plannedValue ?? null;
        }
      }
      return out;
    };
    return overlay(type.attributes, applied, planned);
  }

  /** Write-only versions are Terraform's own bookkeeping: carry them over from the state being replaced. */
  private withPriorWriteOnly(type: ResourceType, value: TfObject, prior: TfObject | null): TfObject {
    const carry = (attributes: readonly TerraformAttribute[], out: TfObject, from: TfObject | null): TfObject => {
      const result: TfObject = { ...out };
      for (const attribute of attributes) {
        if (attribute.role === "write_only_version") result[attribute.name] = from?.[attribute.name] ?? null;
        if (attribute.role === "field" && attribute.nested && asObject(result[attribute.name])) {
          result[attribute.name] = carry(attribute.nested, result[attribute.name] as TfObject, asObject(from?.[attribute.name]));
        }
      }
      return result;
    };
    return carry(type.attributes, value, prior);
  }

  /** Keys the fingerprints of secrets; one per process, from the API key the provider runs with. */
  private fingerprinter(): SecretFingerprinter {
    return this.connection().fingerprinter;
  }
}

function resourceType(definition: ResourceDefinition): ResourceType {
  const attributes = terraformAttributes(definition.fields);
  const schema = resourceSchema(definition);
  const identity = definition.identity && new IdentityCodec(definition.identity, identitySchema(definition.identity));
  const name = definition.name;
  const list = definition.list && identity && new ListResourceType(definition.list, { name, attributes, schema, identity });
  return { definition, attributes, schema, ...(identity ? { identity } : {}), ...(list ? { list } : {}) };
}

/** An identity field for a reply, or nothing: a type without identity never sends one (nor does a null object). */
function identityField<K extends string>(key: K, identity: pb.ResourceIdentityData | undefined): { [P in K]?: pb.ResourceIdentityData } {
  return (identity ? { [key]: identity } : {}) as { [P in K]?: pb.ResourceIdentityData };
}

/** Attributes without the write-only forms (data sources only read). */
function fieldsOnly(attributes: readonly TerraformAttribute[]): TerraformAttribute[] {
  return attributes
    .filter((a) => a.role === "field")
    .map((a) => (a.role === "field" && a.nested ? { ...a, nested: fieldsOnly(a.nested) } : a));
}

/**
 * Fingerprints to keep after a read: a legacy (unkeyed) fingerprint or one made under another API key is replaced by
 * the portal's current one once the read found no change, so later reads compare exactly under the current key.
 */
function rekeyed(written: Readonly<Record<string, string>>, secrets: SecretComparison, read: TfObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, print] of Object.entries(written)) {
    const observed = secrets.observed.get(path);
    const stale = isLegacyFingerprint(print) || !secrets.fingerprinter.madeHere(print);
    const steps = path.split(".");
    const changed = getPath(read, [...steps.slice(0, -1), writeOnlyVersionName(steps.at(-1)!)]) === SECRET_CHANGED_MARKER;
    out[path] = stale && observed !== undefined && !changed ? observed : print;
  }
  return out;
}
