// Turns a container log into the few lines that matter: structured (JSON) lines are
// compacted to level, message, error and the top stack frames; repeats collapse into one
// line with a count; lines are scored by severity and by diagnostic words, and for a
// crashed container's previous log its last words weigh most (what it was doing when it
// died). Deterministic: same log, same lines.
export type Level = "error" | "warn" | "info";
export type SelectedLine = { text: string; level: Level; count: number; last: boolean };

const MAX_LINE = 360;
const DIAGNOSTIC =
  /refused|timed? ?out|timeout|no such host|x509|certificate|denied|forbidden|unauthori[sz]ed|oom|out of memory|killed|exceed|not available|leak|invalid|not a valid|failed|failure|unable|cannot|can't|could not|exhausted|too many|no space|unreachable|reset by peer|broken pipe|deadlock|panic|fatal|exception|error|crash|shutting down|sigterm|probe|recovery|not ready|unhealthy|throttl|backoff|retry/i;
const CONTINUATION = /^\s+(at |File "|\.\.\. \d+ more)|^Caused by:|^\s*Traceback|^\s{4,}\S/;

function levelOf(value: unknown): Level | null {
  if (typeof value === "number") return value >= 50 || value >= 40000 ? "error" : value >= 40 || value >= 30000 ? "warn" : "info";
  if (typeof value !== "string") return null;
  const v = value.toLowerCase();
  if (/^(fatal|panic|error|err|crit|critical|severe|emerg|alert)/.test(v)) return "error";
  if (/^warn/.test(v)) return "warn";
  return "info";
}

function plainLevel(text: string): Level {
  if (/\b(FATAL|PANIC|ERROR|ERR|CRITICAL|SEVERE|E\d{4})\b|Exception\b|Traceback|^panic:/.test(text)) return "error";
  if (/\b(WARN|WARNING|W\d{4})\b/.test(text)) return "warn";
  return "info";
}

function stackFrames(stack: unknown, n: number): string[] {
  if (typeof stack !== "string") return [];
  return stack
    .split("\n")
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => /^at |^File "/.test(l))
    .slice(0, n);
}

function clip(text: string): string {
  return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE - 1)}…` : text;
}

/** One log line (JSON or text) as a short readable line with its level. */
export function compactLine(raw: string): { text: string; level: Level } {
  const trimmed = raw.trim();
  if (trimmed.startsWith("{")) {
    try {
      const o = JSON.parse(trimmed) as Record<string, unknown>;
      const err = (o.err ?? o.error ?? o.exception) as Record<string, unknown> | string | undefined;
      const errObj = typeof err === "object" && err !== null ? err : undefined;
      const message = String(o.msg ?? o.message ?? o.event ?? (typeof err === "string" ? err : "") ?? "");
      const errMessage = errObj ? String(errObj.message ?? "") : "";
      const errType = errObj && typeof errObj.type === "string" ? `${errObj.type}: ` : "";
      const parts = [message];
      if (errMessage && !message.includes(errMessage)) parts.push(`${errType}${errMessage}`);
      parts.push(...stackFrames(errObj?.stack ?? o.stack_trace ?? o.stack, 2));
      const level = levelOf(o.level ?? o.severity ?? o.lvl ?? o.level_value) ?? plainLevel(parts.join(" "));
      return { text: clip(parts.filter(Boolean).join(" | ")), level };
    } catch {
      // Not JSON after all: treat as text.
    }
  }
  return { text: clip(trimmed), level: plainLevel(trimmed) };
}

/** The shape of a line with its variable parts (numbers, ids, addresses) blanked out. */
export function lineTemplate(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "<id>")
    .replace(/\b\d{4}-\d\d-\d\dt[\d:.]+z?\b/g, "<t>")
    .replace(/\b\d+(\.\d+){3}(:\d+)?\b/g, "<ip>")
    .replace(/\b(req|trace|span)[-_]?[0-9a-z]{4,}\b/g, "<id>")
    .replace(/\b[0-9a-f]{6,}\b/g, "<hex>")
    .replace(/\d+(\.\d+)?/g, "#");
}

/** Joins stack-trace continuation lines to the line they belong to (first frames only). */
function logicalLines(log: string): string[] {
  const out: string[] = [];
  let frames = 0;
  for (const line of log.split("\n")) {
    if (!line.trim()) continue;
    if (out.length > 0 && CONTINUATION.test(line)) {
      if (frames < 2) out[out.length - 1] += ` | ${line.trim()}`;
      frames += 1;
      continue;
    }
    frames = 0;
    out.push(line);
  }
  return out;
}

export function selectLogLines(log: string, options: { previous: boolean; max: number }): SelectedLine[] {
  const groups = new Map<string, { text: string; level: Level; count: number; first: number; lastIndex: number }>();
  const lines = logicalLines(log);
  lines.forEach((raw, index) => {
    const { text, level } = compactLine(raw);
    const key = lineTemplate(text);
    const g = groups.get(key);
    if (g) {
      g.count += 1;
      g.lastIndex = index;
    } else groups.set(key, { text, level, count: 1, first: index, lastIndex: index });
  });
  const byRecency = [...groups.values()].sort((a, b) => b.lastIndex - a.lastIndex);
  const lastWords = new Set(options.previous ? byRecency.slice(0, 2) : byRecency.slice(0, 1));
  const scored = [...groups.values()].map((g) => {
    let score = g.level === "error" ? 3 : g.level === "warn" ? 2 : 0;
    if (DIAGNOSTIC.test(g.text)) score += 1.5;
    if (lastWords.has(g)) score += options.previous ? 3 : 0.5;
    if (g.count === 1) score += 0.2;
    return { g, score };
  });
  return scored
    .filter((s) => s.score >= 1.5 || lastWords.has(s.g))
    .sort((a, b) => b.score - a.score || a.g.first - b.g.first)
    .slice(0, options.max)
    .sort((a, b) => a.g.first - b.g.first)
    .map(({ g }) => ({ text: g.text, level: g.level, count: g.count, last: lastWords.has(g) }));
}

export function renderLine(line: SelectedLine): string {
  return line.count > 1 ? `${line.text} (×${line.count})` : line.text;
}
