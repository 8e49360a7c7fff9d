// Text helpers for the post-mortem: redacted one-line text, durations, UTC times, and
// Markdown escaping — so a log line or an alert annotation is shown as text and can never
// become a heading, a link or HTML in the document.
import { redact } from "@/lib/evidence/redact";

/** Redacted, on one line, at most `max` characters. */
export function clean(text: unknown, max = 300): string {
  const flat = redact(String(text ?? ""))
    .text.replace(/\s+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** 42 s, 14 min, 2 h 5 min, 3 d 4 h. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ""}`;
  return `${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ""}`;
}

/** "2026-11-22 10:04:05 UTC". */
export function utc(isoTime: string): string {
  return `${isoTime.slice(0, 10)} ${isoTime.slice(11, 19)} UTC`;
}

// Characters that can start markup inside a line (emphasis, code, links, HTML, strikethrough,
// a heading's closing hashes): escaped, they are text. Our lines never start with such text.
const SPECIAL = /[\\`*_[\]<>#~]/g;

/** Plain text as inline Markdown: one line, every special character escaped. */
export function inline(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(SPECIAL, (c) => `\\${c}`);
}

/** A code span that holds any text, backticks included. */
export function code(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const ticks = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fence(lines: string[], info = "text", indent = ""): string {
  const longest = Math.max(2, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((r) => r.length)));
  const ticks = "`".repeat(longest + 1);
  return [`${ticks}${info}`, ...lines, ticks].map((l) => `${indent}${l}`).join("\n");
}

// In prose, emphasis may stay; links, images, HTML and code may not.
const PROSE_SPECIAL = /[\\`[\]<>]/g;

/**
 * A model's prose as Markdown paragraphs confined to its section: redacted, no headings
 * (ATX or setext), no HTML, no fences — it may not start sections of its own.
 */
export function prose(text: string, max = 2000): string {
  const safe = redact(text).text.slice(0, max);
  return safe
    .split(/\n{2,}/)
    .map((paragraph) =>
      paragraph
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "" && !/^[=\-_*]{3,}$/.test(line.replace(/\s/g, "")))
        .map((line) =>
          line
            .replace(/^#{1,6}\s+/, "")
            .replace(/^>\s?/, "")
            .replace(PROSE_SPECIAL, (c) => `\\${c}`),
        )
        .join(" "),
    )
    .filter((p) => p !== "")
    .join("\n\n");
}
