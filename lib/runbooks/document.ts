// From a file's bytes to an indexable runbook: checked (size, UTF-8, not empty), front
// matter read, title chosen (front matter, else the first `#` heading, else the file name),
// chunked, and hashed so that re-indexing an unchanged runbook can write nothing.
import { createHash } from "node:crypto";
import { VigilError } from "@/lib/errors";
import { chunkMarkdown, plainHeading, type Chunk } from "@/lib/runbooks/chunk";
import { parseFrontMatter, splitFrontMatter } from "@/lib/runbooks/front-matter";
import { RUNBOOK_MAX_BYTES } from "@/lib/runbooks/limits";
import { baseName } from "@/lib/runbooks/names";

export type RunbookDocument = {
  title: string;
  url: string | null;
  alerts: string[];
  services: string[];
  /** The Markdown as stored and shown: UTF-8, LF line ends, no byte-order mark. */
  content: string;
  contentHash: string;
  chunks: Chunk[];
};

/** Bytes → text, or a clear refusal: too big, empty, not UTF-8, binary. */
export function decodeRunbook(bytes: Uint8Array, fileName: string): string {
  if (bytes.byteLength > RUNBOOK_MAX_BYTES) {
    throw new VigilError(
      "payload_too_large",
      `${fileName} is ${Math.ceil(bytes.byteLength / 1024)} KiB; a runbook may be at most ${RUNBOOK_MAX_BYTES / 1024} KiB`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new VigilError("unsupported_media_type", `${fileName} is not UTF-8 text: save it as UTF-8 Markdown`);
  }
  if (text.includes("\u0000"))
    throw new VigilError("unsupported_media_type", `${fileName} looks binary (it contains NUL bytes), not Markdown`);
  text = text.replace(/\r\n?/g, "\n");
  if (text.trim() === "") throw new VigilError("bad_request", `${fileName} is empty`);
  return text;
}

export function parseRunbook(text: string, fileName: string): RunbookDocument {
  const content = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const { yaml, body } = splitFrontMatter(content);
  const meta = parseFrontMatter(yaml);
  const chunks = chunkMarkdown(body);
  if (chunks.length === 0) throw new VigilError("bad_request", `${fileName} has front matter but no text to index`);
  const h1 = /^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/m.exec(body.replace(/^(```|~~~)[\s\S]*?^\1/gm, ""));
  const title = meta.title ?? (h1 ? plainHeading(h1[1]!) : "");
  return {
    title: (title || baseName(fileName).replace(/[-_]+/g, " ").trim() || "Untitled runbook").slice(0, 200),
    url: meta.url ?? null,
    alerts: meta.alerts ?? [],
    services: meta.services ?? [],
    content,
    contentHash: createHash("sha256").update(content, "utf8").digest("hex"),
    chunks,
  };
}
