import { cty } from "../../../provider/src/terraform/protocol/cty-type";
import { DiagnosticError } from "../../../provider/src/terraform/protocol/diagnostics";
import { decodeDynamicValue, encodeDynamicValue } from "../../../provider/src/terraform/protocol/dynamic-value";
import { messageCodec } from "../../../provider/src/terraform/protocol/grpc-services";
import { createLogger } from "../../../provider/src/terraform/protocol/log";
import { DiagnosticSeverity, type GetProviderSchemaResponse } from "../../../provider/src/terraform/protocol/messages";
import { ProviderDispatcher, type ProviderImplementation, type RpcContext } from "../../../provider/src/terraform/protocol/rpc";
import { type ProviderSchema, toGetProviderSchemaResponse } from "../../../provider/src/terraform/protocol/schema-types";

const schema: ProviderSchema = {
  provider: { block: {} },
  resourceSchemas: {
    voicegateway_thing: {
      version: 1,
      block: { attributes: { id: { type: cty.string, computed: true }, n: { type: cty.number, optional: true } } },
    },
  },
};

function dispatcher(implementation: Partial<ProviderImplementation>, lines: string[] = []): ProviderDispatcher {
  return new ProviderDispatcher(
    { getProviderSchema: () => toGetProviderSchemaResponse(schema), ...implementation },
    createLogger({ level: "debug", write: (line) => lines.push(line) }),
  );
}

describe("RPC dispatch", () => {
  it("turns a thrown error into an ERROR diagnostic, with the attribute path of a CtyValueError", async () => {
    const d = dispatcher({
      planResourceChange: () => {
        throw new Error("boom");
      },
      applyResourceChange: () => ({
        new_state: encodeDynamicValue({ id: "x", n: "not a number" }, schema.resourceSchemas.voicegateway_thing!),
      }),
    });
    const plan = await d.dispatch("PlanResourceChange", { type_name: "voicegateway_thing" });
    expect(plan).toEqual({
      diagnostics: [expect.objectContaining({ severity: DiagnosticSeverity.ERROR, summary: "Unexpected Provider Error" })],
    });
    const apply = await d.dispatch("ApplyResourceChange", {});
    expect(apply.diagnostics).toEqual([expect.objectContaining({ attribute: { steps: [{ attribute_name: "n" }] } })]);
  });

  it("turns a reply that cannot be encoded into a diagnostic, not a gRPC error", async () => {
    const d = dispatcher({ readResource: () => ({ new_state: { msgpack: "oops" as unknown as Uint8Array } }) });
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const handler = d.handlers().ReadResource as (call: { request: object }, cb: (e: unknown, v?: Buffer) => void) => void;
      handler({ request: {} }, (error, value) => (error ? reject(error) : resolve(value as Buffer)));
    });
    const decoded = messageCodec("tfplugin6.ReadResource.Response").decode(reply);
    expect((decoded.diagnostics as { summary: string; detail: string }[])[0]).toMatchObject({ summary: "Unexpected Provider Error" });
  });

  it("never lets legacy_type_system through", async () => {
    const d = dispatcher({ planResourceChange: () => ({ legacy_type_system: true as unknown as false }) });
    expect((await d.dispatch("PlanResourceChange", {})).legacy_type_system).toBe(false);
  });

  it("aborts in-flight calls on StopProvider, but not their shutdown signal, and gives later calls a fresh signal", async () => {
    const signals: AbortSignal[] = [];
    const shutdownSignals: AbortSignal[] = [];
    let release: () => void = () => undefined;
    const d = dispatcher({
      readResource: (_request, context: RpcContext) => {
        signals.push(context.signal);
        shutdownSignals.push(context.shutdownSignal);
        return new Promise((resolve) => {
          release = () => resolve({});
          context.signal.addEventListener("abort", () => resolve({ diagnostics: [] }));
        });
      },
    });
    const pending = d.dispatch("ReadResource", {});
    await new Promise((r) => setImmediate(r));
    expect(await d.dispatch("StopProvider", {})).toEqual({ Error: "" });
    await expect(pending).resolves.toEqual({ diagnostics: [] });
    expect(signals[0]?.aborted).toBe(true);
    expect(shutdownSignals[0]?.aborted).toBe(false);
    void d.dispatch("ReadResource", {});
    await new Promise((r) => setImmediate(r));
    expect(signals[1]?.aborted).toBe(false);
    release();
  });

  it("aborts the calls in flight on close and refuses every later call without running it", async () => {
    let inFlight: RpcContext | undefined;
    let calls = 0;
    const d = dispatcher({
      applyResourceChange: (_request, context: RpcContext) => {
        calls++;
        inFlight = context;
        return new Promise((resolve) => context.signal.addEventListener("abort", () => resolve({ diagnostics: [] })));
      },
    });
    const pending = d.dispatch("ApplyResourceChange", {});
    await new Promise((r) => setImmediate(r));
    d.close("terraform is gone");
    await expect(pending).resolves.toEqual({ diagnostics: [] });
    expect(inFlight?.signal.aborted).toBe(true);
    expect(inFlight?.shutdownSignal.aborted).toBe(true);

    const later = await d.dispatch("ApplyResourceChange", {});
    expect(calls).toBe(1);
    expect(later.diagnostics).toEqual([
      expect.objectContaining({
        severity: DiagnosticSeverity.ERROR,
        summary: "Provider Shutting Down",
        detail: expect.stringContaining("terraform is gone"),
      }),
    ]);
    expect(await d.dispatch("StopProvider", {})).toEqual({ Error: expect.stringContaining("shutting down") });
  });

  it("turns a thrown DiagnosticError into that diagnostic, not a provider bug", async () => {
    const d = dispatcher({
      applyResourceChange: () => {
        throw new DiagnosticError("Provider Not Configured", "Set api_url.", ["api_url"]);
      },
    });
    expect((await d.dispatch("ApplyResourceChange", {})).diagnostics).toEqual([
      {
        severity: DiagnosticSeverity.ERROR,
        summary: "Provider Not Configured",
        detail: "Set api_url.",
        attribute: { steps: [{ attribute_name: "api_url" }] },
      },
    ]);
  });

  it("fills in defaults for missing methods", async () => {
    const d = dispatcher({});
    expect(await d.dispatch("ValidateResourceConfig", {})).toEqual({ diagnostics: [] });
    expect(await d.dispatch("ConfigureProvider", {})).toEqual({ diagnostics: [] });
    expect(await d.dispatch("GetMetadata", {})).toMatchObject({ resources: [{ type_name: "voicegateway_thing" }], data_sources: [] });
    expect((await d.dispatch("ApplyResourceChange", {})).diagnostics).toEqual([
      expect.objectContaining({ summary: "Operation Not Supported" }),
    ]);
  });

  it("upgrades same-version state by re-encoding it with the current schema", async () => {
    const d = dispatcher({});
    const type = schema.resourceSchemas.voicegateway_thing!;
    const same = await d.dispatch("UpgradeResourceState", {
      type_name: "voicegateway_thing",
      version: 1,
      raw_state: { json: Buffer.from('{"id":"a","n":2,"old":true}'), flatmap: {} },
    });
    expect(decodeDynamicValue(same.upgraded_state as { msgpack: Uint8Array }, type)).toEqual({ id: "a", n: 2 });
    const older = await d.dispatch("UpgradeResourceState", {
      type_name: "voicegateway_thing",
      version: 0,
      raw_state: { json: Buffer.from("{}"), flatmap: {} },
    });
    expect(older.diagnostics).toEqual([expect.objectContaining({ summary: "Unable to Upgrade Resource State" })]);
  });

  it("adds a provider schema when the implementation leaves it out", async () => {
    const d = new ProviderDispatcher(
      { getProviderSchema: (): GetProviderSchemaResponse => ({ resource_schemas: {} }) },
      createLogger({ level: "off" }),
    );
    expect((await d.dispatch("GetProviderSchema", {})).provider).toEqual({ version: 0, block: {} });
  });

  it("logs each request with its RPC name and resource type", async () => {
    const lines: string[] = [];
    const d = dispatcher({ readResource: (_r, context) => (context.log.info("reading", { extra: true }), {}) }, lines);
    await d.dispatch("ReadResource", { type_name: "voicegateway_thing" });
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => r["@message"] === "reading")).toMatchObject({
      "@level": "info",
      tf_rpc: "ReadResource",
      tf_resource_type: "voicegateway_thing",
      extra: true,
    });
  });

  describe("server streams and the RPCs of terraform 1.12-1.14", () => {
    const collect = async (events: AsyncIterable<Record<string, unknown>>) => {
      const out: Record<string, unknown>[] = [];
      for await (const event of events) out.push(event);
      return out;
    };

    it("registers an optional RPC only when the implementation has it, so terraform hears UNIMPLEMENTED otherwise", () => {
      const without = Object.keys(dispatcher({}).handlers());
      for (const rpc of [
        "GetResourceIdentitySchemas",
        "UpgradeResourceIdentity",
        "GenerateResourceConfig",
        "ListResource",
        "ValidateListResourceConfig",
        "ValidateActionConfig",
        "PlanAction",
        "InvokeAction",
      ]) {
        expect(without).not.toContain(rpc);
      }
      expect(without).toEqual(expect.arrayContaining(["GetProviderSchema", "ReadResource", "StopProvider"]));
      const withList = Object.keys(dispatcher({ listResource: async function* () {} }).handlers());
      expect(withList).toContain("ListResource");
    });

    it("yields a stream's events, and turns a failure mid-stream into a last event with the diagnostic", async () => {
      const d = dispatcher({
        listResource: async function* () {
          yield { display_name: "one" };
          throw new DiagnosticError("Portal Unreachable", "connection refused");
        },
      });
      expect(await collect(d.dispatchStream("ListResource", { type_name: "voicegateway_thing" }))).toEqual([
        { display_name: "one" },
        { diagnostic: [{ severity: DiagnosticSeverity.ERROR, summary: "Portal Unreachable", detail: "connection refused" }] },
      ]);
    });

    it("ends every action with one completed event, and reports an action's failure in it", async () => {
      const quiet = dispatcher({
        invokeAction: async function* () {
          yield { progress: { message: "working" } };
        },
      });
      expect(await collect(quiet.dispatchStream("InvokeAction", { action_type: "a" }))).toEqual([
        { progress: { message: "working" } },
        { completed: { diagnostics: [] } },
      ]);
      const failing = dispatcher({
        invokeAction: async function* () {
          yield { progress: { message: "working" } };
          throw new Error("boom");
        },
      });
      const events = await collect(failing.dispatchStream("InvokeAction", { action_type: "a" }));
      expect(events).toHaveLength(2);
      expect(events[1]).toEqual({
        completed: { diagnostics: [expect.objectContaining({ severity: DiagnosticSeverity.ERROR, summary: "Unexpected Provider Error" })] },
      });
      const chatty = dispatcher({
        invokeAction: async function* () {
          yield { completed: { diagnostics: [] } };
          yield { progress: { message: "after the end" } };
        },
      });
      expect(await collect(chatty.dispatchStream("InvokeAction", { action_type: "a" }))).toEqual([{ completed: { diagnostics: [] } }]);
    });

    it("aborts the implementation's signal when terraform stops reading, and sends nothing more", async () => {
      const cancelled = new AbortController();
      let seen: AbortSignal | undefined;
      const d = dispatcher({
        listResource: async function* (_request, context) {
          seen = context.signal;
          yield { display_name: "one" };
          yield { display_name: "two" };
        },
      });
      const events: Record<string, unknown>[] = [];
      for await (const event of d.dispatchStream("ListResource", {}, cancelled.signal)) {
        events.push(event);
        cancelled.abort();
      }
      expect(events).toEqual([{ display_name: "one" }]);
      expect(seen?.aborted).toBe(true);
    });

    it("refuses a stream once the provider is closing", async () => {
      let calls = 0;
      const d = dispatcher({
        invokeAction: async function* () {
          calls++;
        },
      });
      d.close("terraform is gone");
      expect(await collect(d.dispatchStream("InvokeAction", {}))).toEqual([
        { completed: { diagnostics: [expect.objectContaining({ summary: "Provider Shutting Down" })] } },
      ]);
      expect(calls).toBe(0);
    });

    it("advertises only what the implementation serves, and lists list resources and actions in GetMetadata", async () => {
      const full: ProviderSchema = {
        ...schema,
        listResourceSchemas: { voicegateway_thing: { block: { attributes: { prefix: { type: cty.string, optional: true } } } } },
        actionSchemas: { voicegateway_poke: { block: { attributes: {} } } },
      };
      const bare = new ProviderDispatcher(
        { getProviderSchema: () => toGetProviderSchemaResponse(full, { generate_resource_config: true }) },
        createLogger({ level: "off" }),
      );
      const advertised = (await bare.dispatch("GetProviderSchema", {})) as GetProviderSchemaResponse;
      expect(advertised.server_capabilities?.generate_resource_config).toBe(false);
      expect(advertised.list_resource_schemas).toBeUndefined();
      expect(advertised.action_schemas).toBeUndefined();

      const serving = new ProviderDispatcher(
        {
          getProviderSchema: () => toGetProviderSchemaResponse(full, { generate_resource_config: true }),
          getResourceIdentitySchemas: () => ({}),
          generateResourceConfig: () => ({}),
          listResource: async function* () {},
          planAction: () => ({}),
          invokeAction: async function* () {},
        },
        createLogger({ level: "off" }),
      );
      const served = (await serving.dispatch("GetProviderSchema", {})) as GetProviderSchemaResponse;
      expect(served.server_capabilities?.generate_resource_config).toBe(true);
      expect(Object.keys(served.list_resource_schemas ?? {})).toEqual(["voicegateway_thing"]);
      expect(Object.keys(served.action_schemas ?? {})).toEqual(["voicegateway_poke"]);
      expect(await serving.dispatch("GetMetadata", {})).toMatchObject({
        list_resources: [{ type_name: "voicegateway_thing" }],
        actions: [{ type_name: "voicegateway_poke" }],
      });
    });

    it("logs an action's type with its requests", async () => {
      const lines: string[] = [];
      const d = dispatcher({ planAction: (_r, context) => (context.log.info("planning"), {}) }, lines);
      await d.dispatch("PlanAction", { action_type: "voicegateway_poke" });
      const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records.find((r) => r["@message"] === "planning")).toMatchObject({
        tf_rpc: "PlanAction",
        tf_action_type: "voicegateway_poke",
      });
    });
  });
});
