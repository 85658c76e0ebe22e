import { createLogger, hclogTimestamp, logLevelFromEnv } from "../../../provider/src/terraform/protocol/log";

describe("provider log", () => {
  it("takes the level from TF_LOG_PROVIDER, then TF_LOG, default warn", () => {
    expect(logLevelFromEnv({})).toBe("warn");
    expect(logLevelFromEnv({ TF_LOG: "DEBUG" })).toBe("debug");
    expect(logLevelFromEnv({ TF_LOG: "debug", TF_LOG_PROVIDER: "error" })).toBe("error");
    expect(logLevelFromEnv({ TF_LOG: "JSON" })).toBe("trace");
    expect(logLevelFromEnv({ TF_LOG: "off" })).toBe("off");
  });

  it("writes go-hclog JSON lines with a six-digit fractional timestamp go-plugin can parse", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", write: (l) => lines.push(l) }).with({ tf_rpc: "ReadResource" });
    log.debug("hidden");
    log.info("shown", { id: "x", count: 2n, error: new Error("bad") });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      "@level": "info",
      "@message": "shown",
      "@module": "provider.voicegateway",
      tf_rpc: "ReadResource",
      id: "x",
      count: "2",
      error: "bad",
    });
    expect(record["@timestamp"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Object.keys(record).slice(0, 4)).toEqual(["@level", "@message", "@module", "@timestamp"]);
  });

  it("formats timestamps in UTC with microseconds", () => {
    expect(hclogTimestamp(Date.UTC(2026, 10, 22, 10, 0, 0, 123) + 0.456)).toBe("2026-11-22T10:00:00.123456Z");
  });

  it("does not let fields overwrite the hclog keys", () => {
    const lines: string[] = [];
    createLogger({ level: "trace", write: (l) => lines.push(l) }).trace("m", { "@level": "error", "@message": "x" });
    expect(JSON.parse(lines[0]!)).toMatchObject({ "@level": "trace", "@message": "m" });
  });
});
