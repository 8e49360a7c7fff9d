// Cuts a runbook's Markdown into chunks for retrieval: one per heading section, keeping the
// path of headings above it ("Diagnosis › Connections"); a section longer than
// CHUNK_MAX_TOKENS is split at paragraph boundaries (then lines, then words), never inside a
// fenced code block, which stays whole whatever its size. A heading with no text of its own
// (a title straight above its first section) joins the next chunk, so that the chunks,
// joined, read as the document. ATX headings only (`## Title`): setext underlines are text.
import { countTokens } from "@/lib/evidence/tokens";
import { CHUNK_MAX_TOKENS } from "@/lib/runbooks/limits";

export type Chunk = { ordinal: number; heading: string; content: string; tokens: number };

type Block = { lines: string[]; fence: boolean };
type Section = { path: string[]; headingLine: string | null; blocks: Block[] };

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;

/** Heading text without its inline Markdown: `**Bold**`, `code`, [links](…), images. */
export function plainHeading(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`~]+/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Sections in document order; each one's text grouped into blocks (paragraphs, fences). */
function sections(markdown: string): Section[] {
  const out: Section[] = [];
  const stack: { level: number; text: string }[] = [];
  let current: Section = { path: [], headingLine: null, blocks: [] };
  let paragraph: string[] = [];
  let fence: { char: string; length: number; lines: string[] } | null = null;
  const endParagraph = () => {
    if (paragraph.length) current.blocks.push({ lines: paragraph, fence: false });
    paragraph = [];
  };

  for (const line of markdown.split("\n")) {
    if (fence) {
      fence.lines.push(line);
      const close = new RegExp(`^ {0,3}${fence.char === "`" ? "`" : "~"}{${fence.length},}[ \\t]*$`);
      if (close.test(line)) {
        current.blocks.push({ lines: fence.lines, fence: true });
        fence = null;
      }
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open) {
      endParagraph();
      fence = { char: open[1]![0]!, length: open[1]!.length, lines: [line] };
      continue;
    }
    const heading = ATX_HEADING.exec(line);
    if (heading) {
      endParagraph();
      out.push(current);
      const level = heading[1]!.length;
      while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
      stack.push({ level, text: plainHeading(heading[2] ?? "") });
      current = { path: stack.map((h) => h.text).filter(Boolean), headingLine: line, blocks: [] };
      continue;
    }
    if (line.trim() === "") endParagraph();
    else paragraph.push(line);
  }
  // An unclosed fence runs to the end of the document, as Markdown renders it.
  if (fence) current.blocks.push({ lines: fence.lines, fence: true });
  endParagraph();
  out.push(current);
  return out;
}

const tokensOf = (lines: string[]) => countTokens(lines.join("\n"));
/** Tokens of parts as a chunk joins them (a blank line between parts). */
const sizeOf = (parts: string[][]) => countTokens(parts.map((p) => p.join("\n")).join("\n\n"));

/** Splits a too-long paragraph into pieces under the limit (the first under `first`, the
 * room left beside the headings it follows): by lines, then by words. */
function splitParagraph(lines: string[], max: number, first: number): string[][] {
  const pieces: string[][] = [];
  let piece: string[] = [];
  const limit = () => (pieces.length ? max : first);
  const push = (line: string) => {
    if (piece.length && tokensOf([...piece, line]) > limit()) {
      pieces.push(piece);
      piece = [];
    }
    piece.push(line);
  };
  for (const line of lines) {
    if (countTokens(line) <= limit()) {
      push(line);
      continue;
    }
    let part = "";
    for (const word of line.split(/(?<=\s)/)) {
      // A part lands in a fresh piece unless nothing was cut yet: then the first limit holds.
      if (part && countTokens(part + word) > (pieces.length || piece.length ? max : first)) {
        push(part.trimEnd());
        part = "";
      }
      part += word;
    }
    if (part.trim()) push(part.trimEnd());
  }
  if (piece.length) pieces.push(piece);
  return pieces;
}

export function chunkMarkdown(markdown: string, maxTokens = CHUNK_MAX_TOKENS): Chunk[] {
  const chunks: Omit<Chunk, "ordinal">[] = [];
  // Heading lines of sections with no text, waiting to open the next chunk.
  let carried: string[] = [];
  const emit = (path: string[], parts: string[][]) => {
    const content = parts
      .map((p) => p.join("\n"))
      .join("\n\n")
      .trim();
    if (content) chunks.push({ heading: path.join(" › "), content, tokens: countTokens(content) });
  };

  for (const section of sections(markdown)) {
    const head = section.headingLine === null ? [] : [section.headingLine];
    if (section.blocks.length === 0) {
      if (head.length) carried.push(head[0]!);
      continue;
    }
    let parts: string[][] = [...carried.map((h) => [h]), ...(head.length ? [head] : [])];
    carried = [];
    let hasBody = false;
    const flush = () => {
      emit(section.path, parts);
      parts = [];
      hasBody = false;
    };
    for (const block of section.blocks) {
      // Room beside the headings this chunk opens with, for the first piece of a long paragraph.
      const room = hasBody ? maxTokens : Math.max(maxTokens - sizeOf(parts) - 1, Math.ceil(maxTokens / 4));
      const pieces = block.fence || tokensOf(block.lines) <= maxTokens ? [block.lines] : splitParagraph(block.lines, maxTokens, room);
      for (const piece of pieces) {
        if (hasBody && sizeOf([...parts, piece]) > maxTokens) flush();
        parts.push(piece);
        hasBody = true;
      }
    }
    flush();
  }
  // Headings at the very end with nothing under them still belong to the document.
  if (carried.length) {
    const last = chunks[chunks.length - 1];
    if (last) {
      last.content = `${last.content}\n\n${carried.join("\n\n")}`;
      last.tokens = countTokens(last.content);
    } else emit([], [carried]);
  }
  return chunks.map((c, ordinal) => ({ ordinal, ...c }));
}
