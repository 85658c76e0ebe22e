// Writes the CDK Terrain (cdktn) copies of the hand-written constructs: constructs/src/**/*.ts (the generated
// bindings aside) into constructs/cdktn/, importing `cdktn` where the original imports `cdktf`. The constructs are
// written once, in constructs/src; part of `npm run cdktf:generate`, checked by test/cdktf/bindings.test.ts.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { CDKTF, CDKTN } from "./cdk-frameworks";
import { listFiles } from "./list-files";

const CDKTF_IMPORT = /(from |import\(|require\()(["'])cdktf\2/g;

function header(source: string): string {
  return [
    `// DO NOT EDIT: the CDK Terrain (cdktn) copy of ${source}, written by \`npm run cdktf:generate\``,
    "// (scripts/mirror-constructs-for-cdktn.ts). Edit that file instead.",
    "",
  ].join("\n");
}

/** The cdktn copy of one construct source file. */
export function cdktnCopy(source: string, text: string): string {
  return header(source) + text.replace(CDKTF_IMPORT, "$1$2cdktn$2");
}

/** The hand-written files of constructs/src, relative to it, in `/` form. */
export function handWrittenConstructFiles(root: string): string[] {
  const sourceDir = join(root, CDKTF.constructsPath);
  const generated = relative(sourceDir, join(root, CDKTF.bindingsPath));
  return listFiles(sourceDir)
    .map((file) => relative(sourceDir, file))
    .filter((file) => file.endsWith(".ts") && !file.startsWith(generated + sep))
    .map((file) => file.split(sep).join("/"))
    .sort();
}

/**
 * Replaces the hand-written part of `outDir` (default constructs/cdktn; its generated/ folder is left alone) with
 * fresh copies. Returns the files written, relative to it.
 */
export function mirrorConstructsForCdktn(root: string, outDir: string = join(root, CDKTN.constructsPath)): string[] {
  const files = handWrittenConstructFiles(root);
  const generated = relative(join(root, CDKTN.constructsPath), join(root, CDKTN.bindingsPath));
  for (const old of listFiles(outDir)) {
    if (!relative(outDir, old).startsWith(generated + sep)) rmSync(old);
  }
  for (const file of files) {
    const source = [CDKTF.constructsPath.split(sep).join("/"), file].join("/");
    const target = join(outDir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, cdktnCopy(source, readFileSync(join(root, CDKTF.constructsPath, file), "utf8")));
  }
  return files;
}
