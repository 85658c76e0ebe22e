import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { installIntoPluginDirectory } from "../../provider/src/terraform/install/local-mirror";
import { testTerraformDir } from "../support/global-setup";
import { TerraformEngine } from "../support/terraform-engine";

// The launcher as installed, run the way terraform runs it: the code cache goes to the user's cache directory,
// is used when valid (not rewritten), is replaced when V8 refuses it, and is never needed to start.
describe("launcher with V8's code cache", () => {
  let dir: string;
  let launcher: string;
  let pluginFiles: string[];
  const cacheDir = () => join(dir, "xdg", "voicegateway-provider");
  const cacheFiles = () => {
    try {
      return readdirSync(cacheDir()).filter((name) => name.endsWith(".v8cache"));
    } catch {
      return [];
    }
  };

  /** One start as terraform does it, a schema call, and Shutdown; the provider must exit by itself with 0. */
  const startAndStop = async (env: NodeJS.ProcessEnv = {}) => {
    const engine = await TerraformEngine.start({ command: launcher, args: [], env: { XDG_CACHE_HOME: join(dir, "xdg"), ...env } });
    const schema = await engine.provider.getProviderSchema();
    expect(Object.keys(schema.resourceSchemas ?? {})).toContain("voicegateway_account");
    const stopped = await engine.shutdown();
    expect(stopped.code).toBe(0);
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "vg-code-cache-"));
    const bundle = join(testTerraformDir(), "bundle", "terraform-provider-voicegateway.js");
    const installed = installIntoPluginDirectory(join(dir, "plugins"), bundle);
    launcher = installed.executable;
    pluginFiles = readdirSync(installed.directory).sort();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("VOICEGATEWAY_CODE_CACHE=off starts without writing a cache", async () => {
    await startAndStop({ VOICEGATEWAY_CODE_CACHE: "off" });
    expect(cacheFiles()).toEqual([]);
  });

  test("the first start writes one cache file, private to the user, outside the provider's directory", async () => {
    await startAndStop();
    expect(cacheFiles()).toHaveLength(1);
    const file = join(cacheDir(), cacheFiles()[0]!);
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
    // terraform hashes the provider's directory for its lock file: nothing may appear there
    expect(readdirSync(join(launcher, "..")).sort()).toEqual(pluginFiles);
  });

  test("a valid cache is used as it is, not written again", async () => {
    const file = join(cacheDir(), cacheFiles()[0]!);
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    await startAndStop();
    expect(cacheFiles()).toHaveLength(1);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test("a cache V8 refuses is ignored and replaced", async () => {
    const file = join(cacheDir(), cacheFiles()[0]!);
    const garbage = Buffer.alloc(statSync(file).size, 7);
    writeFileSync(file, garbage);
    await startAndStop();
    expect(cacheFiles()).toHaveLength(1);
    expect(readFileSync(file).equals(garbage)).toBe(false);
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });

  test("writing a cache removes cache files nobody wrote for 30 days, and nothing else", async () => {
    const [current] = cacheFiles();
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    const plant = (name: string, age: Date) => {
      writeFileSync(join(cacheDir(), name), "x");
      utimesSync(join(cacheDir(), name), age, age);
    };
    plant("0123456789abcdef0123456789abcdef.v8cache", daysAgo(40)); // an old provider version's
    plant("fedcba9876543210fedcba9876543210.v8cache.4242", daysAgo(40)); // a write cut off by SIGKILL
    plant("00112233445566778899aabbccddeeff.v8cache", daysAgo(2)); // another version, still in use
    plant("notes.txt", daysAgo(40)); // not ours
    writeFileSync(join(cacheDir(), current!), "refused by V8"); // so that this start writes a new cache
    await startAndStop();
    expect(readdirSync(cacheDir()).sort()).toEqual(["00112233445566778899aabbccddeeff.v8cache", current!, "notes.txt"].sort());
    expect(statSync(join(cacheDir(), current!)).size).toBeGreaterThan(10_000);
  });
});
