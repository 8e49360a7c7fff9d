// Chunking runbooks: by heading with the heading path kept, long sections split at
// paragraph boundaries, fenced code never split, heading-only sections carried forward.
import { describe, expect, it } from "vitest";
import { chunkMarkdown, plainHeading } from "@/lib/runbooks/chunk";
import { countTokens } from "@/lib/evidence/tokens";

const paragraph = (word: string, words: number) => Array.from({ length: words }, (_, i) => `${word}${i}`).join(" ") + ".";

describe("chunkMarkdown", () => {
  it("makes one chunk per section, with the path of headings above it", () => {
    const md = [
      "# Postgres connections",
      "",
      "When the pool runs dry.",
      "",
      "## Diagnosis",
      "",
      "Check `pg_stat_activity`.",
      "",
      "### Connections",
      "",
      "Count them by state.",
      "",
      "## Mitigation",
      "",
      "Restart the leaking pods.",
    ].join("\n");
    const chunks = chunkMarkdown(md);
    expect(chunks.map((c) => [c.ordinal, c.heading])).toEqual([
      [0, "Postgres connections"],
      [1, "Postgres connections › Diagnosis"],
      [2, "Postgres connections › Diagnosis › Connections"],
      [3, "Postgres connections › Mitigation"],
    ]);
    expect(chunks[1]!.content).toBe("## Diagnosis\n\nCheck `pg_stat_activity`.");
    expect(chunks[3]!.content).toBe("## Mitigation\n\nRestart the leaking pods.");
    expect(chunks.every((c) => c.tokens === countTokens(c.content))).toBe(true);
  });

  it("carries a heading with no text of its own into the next chunk, and keeps text before any heading", () => {
    const chunks = chunkMarkdown("Intro line.\n\n# Title\n## Steps\n\n1. drain\n2. restart\n\n## Tail\n");
    expect(chunks.map((c) => c.heading)).toEqual(["", "Title › Steps"]);
    expect(chunks[0]!.content).toBe("Intro line.");
    expect(chunks[1]!.content).toBe("# Title\n\n## Steps\n\n1. drain\n2. restart\n\n## Tail");
  });

  it("splits a long section at paragraph boundaries, each piece under the limit", () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => paragraph(`p${i}w`, 60));
    const md = `## Diagnosis\n\n${paragraphs.join("\n\n")}`;
    const chunks = chunkMarkdown(md, 400);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.heading).toBe("Diagnosis");
      expect(c.tokens).toBeLessThanOrEqual(400);
    }
    // Every paragraph survives whole, in order, in exactly one chunk.
    const joined = chunks.map((c) => c.content).join("\n\n");
    expect(joined).toBe(`## Diagnosis\n\n${paragraphs.join("\n\n")}`);
    for (const p of paragraphs) expect(chunks.filter((c) => c.content.includes(p))).toHaveLength(1);
  });

  it("splits one enormous paragraph by lines, then words", () => {
    const line = paragraph("word", 900);
    const chunks = chunkMarkdown(`## Notes\n\n${line}`, 300);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(c.tokens).toBeLessThanOrEqual(300);
    expect(
      chunks
        .map((c) => c.content)
        .join(" ")
        .replace(/\s+/g, " "),
    ).toBe(`## Notes ${line}`);
  });

  it("never splits inside a fenced code block, and headings inside fences are code", () => {
    const code = [
      "```bash",
      "# not a heading",
      ...Array.from({ length: 200 }, (_, i) => `kubectl get pods -n shop --selector app=checkout-${i}`),
      "",
      "```",
    ].join("\n");
    const md = `## Commands\n\nBefore.\n\n${code}\n\nAfter.\n\n~~~\n## still code\n~~~\n`;
    const chunks = chunkMarkdown(md, 200);
    const withCode = chunks.filter((c) => c.content.includes("kubectl"));
    expect(withCode).toHaveLength(1);
    expect(withCode[0]!.content).toContain(code);
    expect(withCode[0]!.tokens).toBeGreaterThan(200);
    expect(chunks.every((c) => c.heading === "Commands")).toBe(true);
    expect(chunks.some((c) => c.content.includes("~~~\n## still code\n~~~"))).toBe(true);
  });

  it("runs an unclosed fence to the end of the document", () => {
    const chunks = chunkMarkdown("## A\n\n```\ncode\n## B\n");
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.heading).toBe("A");
  });

  it("returns nothing for a document without text", () => {
    expect(chunkMarkdown("")).toEqual([]);
    expect(chunkMarkdown("\n\n  \n")).toEqual([]);
  });
});

describe("plainHeading", () => {
  it("drops inline Markdown from heading text", () => {
    expect(plainHeading("**Check** the `pool` and [docs](https://x) ![img](y.png)")).toBe("Check the pool and docs img");
  });
});
