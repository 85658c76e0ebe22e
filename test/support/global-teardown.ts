import { rmSync } from "node:fs";

/** Removes this run's provider mirror (see global-setup.ts). */
export default function globalTeardown(): void {
  const dir = process.env.VOICEGATEWAY_TEST_TERRAFORM_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
