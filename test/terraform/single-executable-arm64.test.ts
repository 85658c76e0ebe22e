import { existsSync } from "node:fs";
import { singleExecutableFor } from "../support/single-executable";
import { TerraformEngine } from "../support/terraform-engine";

// The linux_arm64 single executable, run on this x86-64 machine under QEMU's user-mode emulation (Debian's
// qemu-user-static, with the arm64 C library from multiarch: .ci/run installs both).
const QEMU = "/usr/bin/qemu-aarch64-static";
const ARM64_LOADER = "/lib/ld-linux-aarch64.so.1";
const canEmulate = existsSync(QEMU) && existsSync(ARM64_LOADER);
/** Emulated, Node.js starts some 50 times slower than natively; the bound is a safety net, not a speed check. */
const EMULATED_MS = 300_000;

(canEmulate ? describe : describe.skip)(
  `the linux_arm64 single executable under ${QEMU}${canEmulate ? "" : " (SKIPPED: no qemu-aarch64-static or arm64 libc)"}`,
  () => {
    it(
      "answers go-plugin's handshake, serves the schema and exits on Shutdown",
      async () => {
        const executable = await singleExecutableFor("linux_arm64");
        const engine = await TerraformEngine.start({
          command: QEMU,
          args: [executable],
          startTimeoutMs: EMULATED_MS,
          callTimeoutMs: EMULATED_MS,
        });
        const schema = await engine.provider.getProviderSchema();
        expect(Object.keys(schema.resource_schemas ?? {})).toContain("voicegateway_account");
        expect((await engine.shutdown(30_000)).code).toBe(0);
      },
      2 * EMULATED_MS,
    );
  },
);
