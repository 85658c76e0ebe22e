import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dataSources } from "../../provider/src/core/data-sources/catalog";
import { resources } from "../../provider/src/core/resources/catalog";
import { isUnknown, type Unknown } from "../../provider/src/core/schema/unknown";
import { decodeDynamicValue, encodeDynamicValue } from "../../provider/src/terraform/protocol/dynamic-value";
import { createLogger } from "../../provider/src/terraform/protocol/log";
import { type ResourceSchema } from "../../provider/src/terraform/protocol/schema-types";
import { VoiceGatewayProvider } from "../../provider/src/terraform/provider-service";
import { resourceSchema } from "../../provider/src/terraform/schema";
import { type PortalFixture, portalEnv, startPortal } from "../support/portal";
import { applyProblems, blockAttributes, planProblems } from "../support/terraform-rules";

/** Exchanges recorded from terraform 1.11.4 by scripts/capture-terraform-golden.ts (test fixtures, no real secrets). */
interface Exchange {
  rpc: "PlanResourceChange" | "ApplyResourceChange";
  type_name: string;
  prior_state: string | null;
  proposed_new_state?: string | null;
  config: string | null;
  planned_state: string | null;
  new_state?: string | null;
}

const exchanges: Exchange[] = readFileSync(join(__dirname, "golden", "plan-apply.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as Exchange);

const schemas = new Map<string, ResourceSchema>(resources.map((r) => [`voicegateway_${r.name}`, resourceSchema(r)]));
const dv = (hex: string | null | undefined) => (hex ? { msgpack: Buffer.from(hex, "hex") } : undefined);
const decode = (hex: string | null | undefined, type: string) =>
  decodeDynamicValue(dv(hex), schemas.get(type)!) as Record<string, unknown> | null;
const rpc = { signal: new AbortController().signal, shutdownSignal: new AbortController().signal, log: createLogger({ level: "off" }) };

describe("the provider's answers to terraform's recorded requests", () => {
  const provider = new VoiceGatewayProvider(resources, dataSources, {});
  const plans = exchanges.filter((e) => e.rpc === "PlanResourceChange" && e.proposed_new_state && e.proposed_new_state !== "c0");

  it("has plans to check: creates, updates and configurations with unknown values", () => {
    expect(plans.length).toBeGreaterThanOrEqual(10);
    expect(plans.some((e) => e.prior_state === "c0")).toBe(true);
    expect(plans.some((e) => e.prior_state !== "c0")).toBe(true);
    // terraform sent a refined unknown for `name = "derived-${...}"`: not null, with a known prefix.
    const derived = plans.map((e) => decode(e.config, e.type_name)?.name).find((n) => isUnknown(n)) as Unknown | undefined;
    expect(derived?.refinements).toMatchObject({ notNull: true, stringPrefix: "derived-" });
  });

  it.each(plans.map((e, i) => [`${i}: ${e.type_name} ${e.prior_state === "c0" ? "create" : "update"}`, e] as const))(
    "plans validly and as recorded (%s)",
    async (_label, exchange) => {
      const response = await provider.planResourceChange(
        {
          type_name: exchange.type_name,
          prior_state: dv(exchange.prior_state),
          proposed_new_state: dv(exchange.proposed_new_state),
          config: dv(exchange.config),
          prior_private: Buffer.alloc(0),
        },
        rpc,
      );
      expect(response.diagnostics).toEqual([]);
      // Byte for byte what terraform accepted when it was recorded.
      expect(Buffer.from(response.planned_state!.msgpack!).toString("hex")).toBe(exchange.planned_state);
      const schema = schemas.get(exchange.type_name)!;
      const planned = decodeDynamicValue(response.planned_state, schema) as Record<string, unknown>;
      const problems = planProblems(
        blockAttributes(schema.block),
        decode(exchange.prior_state, exchange.type_name),
        decode(exchange.config, exchange.type_name)!,
        planned,
      );
      expect(problems).toEqual([]);
    },
  );

  it("keeps the prior realm and method when terraform's config differs only in case (no diff)", () => {
    const update = plans.find(
      (e) =>
        e.type_name === "voicegateway_account" &&
        e.prior_state !== "c0" &&
        decode(e.config, e.type_name)?.sip_realm === "GOLDEN.sip.example.com",
    )!;
    const planned = decode(update.planned_state, update.type_name)!;
    expect(planned.sip_realm).toBe("Golden.SIP.example.com");
    expect((planned.registration_hook as Record<string, unknown>).method).toBe("post");
    expect(isUnknown(planned.webhook_secret)).toBe(true);
  });

  it("the rule checker itself fails a plan that ignores the config", () => {
    const exchange = plans.find((e) => e.type_name === "voicegateway_account_limits")!;
    const schema = schemas.get(exchange.type_name)!;
    const config = decode(exchange.config, exchange.type_name)!;
    const bad = { ...decode(exchange.planned_state, exchange.type_name)!, max: 999 };
    expect(planProblems(blockAttributes(schema.block), null, config, bad)).toEqual([
      expect.stringMatching(/^max: planned 999 matches neither config 10/),
    ]);
    expect(applyProblems({ max: 10 }, { max: 11 })).toEqual(["(root).max: was 10, but now 11"]);
  });
});

describe("applying terraform's recorded account plans against the emulator", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());

  it("returns wholly known states that match every known planned value", async () => {
    const provider = new VoiceGatewayProvider(resources, dataSources, portalEnv(portal));
    expect(
      provider.configureProvider({ terraform_version: "1.11.4", config: encodeDynamicValue({}, provider_schema_block()) }).diagnostics,
    ).toEqual([]);
    const creates = exchanges.filter(
      (e) =>
        e.rpc === "ApplyResourceChange" &&
        e.type_name === "voicegateway_account" &&
        e.prior_state === "c0" &&
        decode(e.config, e.type_name)?.name === "golden-acme",
    );
    expect(creates).toHaveLength(1);
    for (const exchange of creates) {
      const response = await provider.applyResourceChange(
        {
          type_name: exchange.type_name,
          prior_state: dv(exchange.prior_state),
          planned_state: dv(exchange.planned_state),
          config: dv(exchange.config),
          planned_private: Buffer.alloc(0),
        },
        rpc,
      );
      expect(response.diagnostics).toEqual([]);
      const state = decode(Buffer.from(response.new_state!.msgpack!).toString("hex"), exchange.type_name);
      expect(applyProblems(decode(exchange.planned_state, exchange.type_name), state)).toEqual([]);
    }
  });
});

function provider_schema_block(): ResourceSchema {
  return { block: { attributes: {} } };
}
