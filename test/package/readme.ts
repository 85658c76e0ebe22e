import { readFileSync } from "node:fs";
import { join } from "node:path";

const README = join(__dirname, "../../README.md");

export interface CodeBlock {
  readonly language: string;
  readonly text: string;
}

/**
 * The fenced code blocks of one README section, in order: from the heading that reads exactly `heading` to the
 * next heading of the same or a higher level (lines inside fences, such as `# comments`, are not headings).
 */
export function readmeSection(heading: string): CodeBlock[] {
  const lines = readFileSync(README, "utf8").split("\n");
  const level = heading.indexOf(" ");
  const blocks: CodeBlock[] = [];
  let inside = false;
  let fence: { language: string; lines: string[] } | undefined;
  for (const line of lines) {
    if (fence) {
      if (line.startsWith("```")) {
        if (inside) blocks.push({ language: fence.language, text: `${fence.lines.join("\n")}\n` });
        fence = undefined;
      } else fence.lines.push(line);
      continue;
    }
    if (line.startsWith("```")) {
      fence = { language: line.slice(3).trim(), lines: [] };
      continue;
    }
    const match = /^(#+) /.exec(line);
    if (match && inside && match[1]!.length <= level) break;
    if (line === heading) inside = true;
  }
  if (!inside) throw new Error(`README.md has no heading "${heading}"`);
  return blocks;
}

/** The blocks of a section in one language, failing when there are not exactly `count`. */
export function readmeBlocks(heading: string, language: string, count: number): string[] {
  const found = readmeSection(heading)
    .filter((b) => b.language === language)
    .map((b) => b.text);
  if (found.length !== count) throw new Error(`README.md "${heading}": expected ${count} \`${language}\` blocks, found ${found.length}`);
  return found;
}
