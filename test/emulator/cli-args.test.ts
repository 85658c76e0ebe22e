import { CliUsageError, parseCliArgs } from "../../provider/src/emulator";

describe("parseCliArgs", () => {
  it("defaults to an ephemeral port, no latency and the portal rate limit", () => {
    expect(parseCliArgs([])).toEqual({ kind: "run", verbose: false, options: { port: 0, latencyMs: 0 } });
  });

  it("reads every option, in both --flag value and --flag=value form", () => {
    expect(
      parseCliArgs([
        "--port",
        "8080",
        "--host=0.0.0.0",
        "--state",
        "/tmp/s.json",
        "--latency-ms=25",
        "--rate-limit",
        "10/60",
        "--admin-key",
        "k",
        "--verbose",
      ]),
    ).toEqual({
      kind: "run",
      verbose: true,
      options: {
        port: 8080,
        host: "0.0.0.0",
        stateFile: "/tmp/s.json",
        latencyMs: 25,
        rateLimit: { max: 10, windowSecs: 60 },
        adminKey: "k",
      },
    });
  });

  it("collects every --cors-origin", () => {
    expect(parseCliArgs(["--cors-origin", "http://portal.test:3000", "--cors-origin=https://ui.example"])).toMatchObject({
      options: { corsOrigins: ["http://portal.test:3000", "https://ui.example"] },
    });
  });

  it("turns rate limiting off with --no-rate-limit", () => {
    expect(parseCliArgs(["--no-rate-limit"])).toMatchObject({ options: { rateLimit: false } });
  });

  it("asks for help with -h or --help", () => {
    expect(parseCliArgs(["--port", "1", "-h"])).toEqual({ kind: "help" });
  });

  it.each([
    [["--bogus"], "unknown option: --bogus"],
    [["--port"], "--port needs a value"],
    [["--port", "70000"], "--port takes an integer from 0 to 65535 (got 70000)"],
    [["--latency-ms", "-5"], "--latency-ms takes an integer"],
    [["--rate-limit", "600"], "--rate-limit takes MAX/WINDOW_SECS"],
    [["--rate-limit", "0/300"], "--rate-limit takes an integer from 1"],
    [["--rate-limit", "5/5", "--no-rate-limit"], "--rate-limit and --no-rate-limit conflict"],
    [["--cors-origin", "portal.test"], "--cors-origin: a CORS origin is * or scheme://host[:port]"],
    [["--cors-origin", "http://portal.test/"], "(got http://portal.test/)"],
  ])("fails for %j", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
