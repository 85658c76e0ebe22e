import { readFileSync } from "node:fs";
import { join } from "node:path";
import { VERSION } from "../../provider/src/version";

it("the provider's version is the package's version (terraform finds the provider by it)", () => {
  expect(VERSION).toBe((JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version);
});
