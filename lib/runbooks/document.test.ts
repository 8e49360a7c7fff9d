// Reading a runbook file: front matter, the title, and clear refusals of bad files.
import { describe, expect, it } from "vitest";
import { decodeRunbook, parseRunbook } from "@/lib/runbooks/document";
import { splitFrontMatter } from "@/lib/runbooks/front-matter";
import { RUNBOOK_MAX_BYTES } from "@/lib/runbooks/limits";
import { VigilError } from "@/lib/errors";

const bytes = (s: string) => new TextEncoder().encode(s);
const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (err) {
    expect(err).toBeInstanceOf(VigilError);
    return { code: (err as VigilError).code, message: (err as VigilError).message };
  }
  throw new Error("expected a refusal");
};

describe("front matter", () => {
  it("reads title, alerts (inline or block lists), url and services, and ignores other keys", () => {
    const doc = parseRunbook(
      "---\ntitle: Checkout is down\nalerts: [KubePodCrashLooping, CheckoutErrors]\nurl: https://wiki.example/runbooks/checkout\nservices:\n  - checkout\n  - 42\nowner: team-a\n---\n# Ignored title\n\nSteps.\n",
      "checkout.md",
    );
    expect(doc).toMatchObject({
      title: "Checkout is down",
      alerts: ["KubePodCrashLooping", "CheckoutErrors"],
      url: "https://wiki.example/runbooks/checkout",
      services: ["checkout", "42"],
    });
    expect(doc.chunks[0]!.content).toBe("# Ignored title\n\nSteps.");
    // The stored content is the whole file, front matter included.
    expect(doc.content.startsWith("---\ntitle:")).toBe(true);
  });

  it("accepts a single alert as a string, and `...` as the closing line", () => {
    expect(parseRunbook("---\nalerts: DiskFull\n...\nText.", "disk.md").alerts).toEqual(["DiskFull"]);
  });

  it("refuses invalid YAML and fields of the wrong shape, naming the field", () => {
    expect(refusal(() => parseRunbook("---\ntitle: [unclosed\n---\nText", "a.md"))).toMatchObject({
      code: "bad_request",
      message: expect.stringContaining("not valid YAML"),
    });
    expect(refusal(() => parseRunbook("---\nurl: javascript:alert(1)\n---\nText", "a.md")).message).toMatch(/^front matter: url:/);
    expect(refusal(() => parseRunbook("---\n- a\n- b\n---\nText", "a.md")).message).toMatch(/must be a YAML mapping/);
    expect(refusal(() => parseRunbook("---\ntitle: Only meta\n---\n", "a.md")).message).toMatch(/no text to index/);
  });

  it("leaves a document without a closing line alone", () => {
    expect(splitFrontMatter("---\nnot closed\ntext")).toEqual({ yaml: null, body: "---\nnot closed\ntext" });
    expect(splitFrontMatter("# Title")).toEqual({ yaml: null, body: "# Title" });
  });
});

describe("title", () => {
  it("comes from the first # heading outside code, else from the file name", () => {
    expect(parseRunbook("```\n# comment\n```\n\n## Sub\n\n# Real **title**\n", "x.md").title).toBe("Real title");
    expect(parseRunbook("Just text.", "db/postgres-connection_pool.md").title).toBe("postgres connection pool");
  });
});

describe("decodeRunbook", () => {
  it("refuses files too big, not UTF-8, binary or empty, with a clear message", () => {
    expect(refusal(() => decodeRunbook(new Uint8Array(RUNBOOK_MAX_BYTES + 1).fill(65), "big.md"))).toMatchObject({
      code: "payload_too_large",
      message: expect.stringContaining("at most 256 KiB"),
    });
    expect(refusal(() => decodeRunbook(new Uint8Array([0x23, 0x20, 0xff, 0xfe, 0x41]), "latin.md"))).toMatchObject({
      code: "unsupported_media_type",
      message: "latin.md is not UTF-8 text: save it as UTF-8 Markdown",
    });
    expect(refusal(() => decodeRunbook(bytes("# a\u0000b"), "bin.md")).message).toMatch(/looks binary/);
    expect(refusal(() => decodeRunbook(bytes(" \n\t\n"), "empty.md"))).toMatchObject({ code: "bad_request", message: "empty.md is empty" });
  });

  it("normalises line ends and drops the byte-order mark; the hash follows the text", () => {
    const a = parseRunbook(decodeRunbook(bytes("\uFEFF# T\r\n\r\nline\r\n"), "a.md"), "a.md");
    const b = parseRunbook(decodeRunbook(bytes("# T\n\nline\n"), "a.md"), "a.md");
    expect(a.content).toBe("# T\n\nline\n");
    expect(a.contentHash).toBe(b.contentHash);
    expect(parseRunbook("# T\n\nline 2\n", "a.md").contentHash).not.toBe(a.contentHash);
  });
});
