// Turns a container log into the few lines that matter: structured (JSON) lines are
// compacted to level, message, error and the top stack frames; repeats collapse into one
// line with a count; lines are scored by severity and by diagnostic words, and for a
// crashed container's previous log its last words weigh most (what it was doing when it
// died). Deterministic: same log, same lines.
import { ANSI, headLevel, levelOf, type Level } from "@/lib/evidence/log-levels";

export type { Level };
export type SelectedLine = { text: string; level: Level; count: number; last: boolean; figure: boolean };

const MAX_LINE = 420;
const DIAGNOSTIC =
  /refused|timed? ?out|timeout|no such host|x509|certificate|denied|forbidden|unauthori[sz]ed|oom|out of memory|killed|exceed|not available|leak|invalid|not a valid|failed|failure|unable|cannot|can't|could not|exhausted|too many|no space|unreachable|reset by peer|broken pipe|deadlock|panic|fatal|exception|error|crash|shutting down|sigterm|probe|recovery|not ready|unhealthy|throttl|backoff|retry|not permitted|permission denied|no response|^(\[[^\]]*\] )?configuration:/i;
// Lines that carry the decisive number at any level: how long a call took, how full a pool
// is ("Database call completed in 8.01 seconds", "Pool stats (total=10, active=10, waiting=37)").
const DURATION =
  /\b(took|taking|completed in|finished in|responded in|returned in|duration|latency|elapsed|response time|slow)\b[^\n]{0,24}?\d+(\.\d+)?\s*(ms|milliseconds|s|sec|secs|seconds|minutes)\b/i;
const POOL =
  /\b(pool|connections?|threads?|workers?)\b[^\n]{0,60}\b(active|idle|waiting|pending|in[-_ ]?use|busy|max(imum)?|total)\b\s*[=:]?\s*\(?\d+|Maximum number of (threads|connections|workers) \(?\d+/i;
const MEMORY =
  /\b(memory|heap|rss|mem|GC|Pause Full|Pause Young)[\w()]*[^\n]{0,40}?\d+(\.\d+)?\s*(M|MB|MiB|G|GB|GiB|K|KB|KiB|bytes|%)(?![a-z])/i;
export const carriesFigure = (text: string) => DURATION.test(text) || POOL.test(text) || MEMORY.test(text);
const CONTINUATION = /^\s+(at |File "|\.\.\. \d+ (more|common frames omitted))|^Caused by:|^\s{4,}\S/;

function plainLevel(raw: string): Level {
  const text = raw.replace(ANSI, "");
  const head = headLevel(text);
  if (head) return head;
  // Upper-case level words, logfmt's level=, and the prefixes runtimes print ("Error: ...", .NET's "fail:").
  if (
    /\b(FATAL|PANIC|ERROR|ERR|CRITICAL|SEVERE|E\d{4})\b|Exception\b|Traceback|^panic:|^(\w+)?Error: /.test(text) ||
    /\b(level|lvl)=(error|eror|fatal|panic|dpanic|crit)|^(error|fatal|fail|crit):|\[(emerg|alert|crit|error)\]/i.test(text)
  )
    return "error";
  if (/\b(WARN|WARNING|W\d{4})\b/.test(text) || /\b(level|lvl)=warn|^warn(ing)?:|\[warn\]/i.test(text)) return "warn";
  return "info";
}

/** What a stack trace says in a line: its head (exception and message), the root cause
 * (Java's last "Caused by:") and the top frames — where the code broke. */
export function summarizeStack(lines: string[]): string[] {
  const trimmed = lines.map((l) => l.trim()).filter(Boolean);
  const head = trimmed[0] && !/^(at |File ")/.test(trimmed[0]) ? [trimmed[0]] : [];
  const causes = trimmed.filter((l) => l.startsWith("Caused by:"));
  const frames = trimmed.filter((l) => /^at |^File "/.test(l)).slice(0, causes.length ? 1 : 2);
  // Indented details of a failure report ("Reason: ... is not a valid duration").
  const details = trimmed
    .slice(1)
    .filter((l) => !/^(at |File "|Caused by:|\.\.\.)/.test(l) && DIAGNOSTIC.test(l))
    .slice(0, 2);
  return [...head, ...(causes.length ? [causes[causes.length - 1]!] : []), ...details, ...frames];
}

function clip(text: string): string {
  return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE - 1)}…` : text;
}

/** Where JSON loggers put the level: pino, bunyan, winston, zap, zerolog, logrus, slog ("level"),
 * Google Cloud Logging ("severity"), log15 ("lvl"), Elastic's ECS loggers ("log.level"),
 * python-json-logger ("levelname"), logstash-logback ("level_value"), Serilog's CLEF ("@l"),
 * .NET's JSON console formatter ("LogLevel"), MongoDB 4.4+ ("s": F, E, W, I, D1-D5). */
function jsonLevel(o: Record<string, unknown>): unknown {
  const ecs = o.log as Record<string, unknown> | undefined;
  const mongo = typeof o.s === "string" && typeof o.c === "string" && "msg" in o ? o.s : undefined;
  return (
    o.level ??
    o.severity ??
    o.lvl ??
    o["log.level"] ??
    (typeof ecs === "object" && ecs !== null ? ecs.level : undefined) ??
    o.levelname ??
    o.LogLevel ??
    o.level_value ??
    o["@l"] ??
    mongo
  );
}

/** One log line (JSON or text) as a short readable line with its level. */
export function compactLine(raw: string): { text: string; level: Level } {
  const trimmed = raw.trim();
  if (trimmed.startsWith("{")) {
    try {
      const o = JSON.parse(trimmed) as Record<string, unknown>;
      // Serilog's compact JSON (CLEF) writes @m/@mt, @l (absent: Information) and @x.
      const err = (o.err ?? o.error ?? o.exception ?? o["@x"] ?? o.Exception) as Record<string, unknown> | string | undefined;
      const errObj = typeof err === "object" && err !== null ? err : undefined;
      // .NET's JSON console formatter writes "Message" and "Exception".
      const message = String(o.msg ?? o.message ?? o.event ?? o["@m"] ?? o["@mt"] ?? o.Message ?? "");
      const errMessage = errObj ? String(errObj.message ?? "") : typeof err === "string" ? err : "";
      const errType = errObj && typeof errObj.type === "string" ? `${errObj.type}: ` : "";
      const parts = [message];
      if (errMessage && !message.includes(errMessage)) parts.push(`${errType}${errMessage}`);
      const stack = errObj?.stack ?? o.stack_trace ?? o.stack;
      for (const part of typeof stack === "string" ? summarizeStack(stack.split("\n")) : []) {
        if (!parts.some((p) => p.includes(part) || part.endsWith(p))) parts.push(part);
      }
      const level = levelOf(jsonLevel(o)) ?? plainLevel(parts.join(" "));
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

/** Joins a plain-text stack trace to the line it belongs to, summarized. */
function logicalLines(log: string): string[] {
  const out: { head: string; rest: string[] }[] = [];
  for (const line of log.split("\n")) {
    if (!line.trim()) continue;
    const last = out[out.length - 1];
    if (last && CONTINUATION.test(line)) last.rest.push(line);
    else out.push({ head: line, rest: [] });
  }
  return out.map(({ head, rest }) => (rest.length ? [head.trimEnd(), ...summarizeStack(rest)].join(" | ") : head));
}

// A line that starts a log record: a timestamp, a JSON object, a level word, or a head HEADS knows.
const RECORD_START =
  /^(\{|\[?\d{4}-\d\d-\d\d|\[?\d\d:\d\d:\d\d|[IWEF]\d{4} |(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL|PANIC)\b|[a-z]+=)/i;
const startsRecord = (line: string) => RECORD_START.test(line) || headLevel(line.replace(ANSI, "")) !== null;

export function selectLogLines(log: string, options: { previous: boolean; max: number }): SelectedLine[] {
  const groups = new Map<string, { text: string; firstText: string; level: Level; count: number; first: number; lastIndex: number }>();
  const lines = logicalLines(log);
  // Lines of a multi-line record (a failure report under an ERROR line) share its level.
  let blockLevel: Level = "info";
  lines.forEach((raw, index) => {
    const compact = compactLine(raw);
    const text = compact.text;
    let level = compact.level;
    if (startsRecord(raw.trim())) blockLevel = level;
    else if (blockLevel !== "info" && level === "info") level = blockLevel;
    const key = lineTemplate(text);
    const g = groups.get(key);
    if (g) {
      // The newest instance says where a repeated figure stands now ("4096MB of 4096MB").
      g.count += 1;
      g.lastIndex = index;
      g.text = text;
      if (level === "error" || (level === "warn" && g.level === "info")) g.level = level;
    } else groups.set(key, { text, firstText: text, level, count: 1, first: index, lastIndex: index });
  });
  const byRecency = [...groups.values()].sort((a, b) => b.lastIndex - a.lastIndex);
  const lastWords = new Set(options.previous ? byRecency.slice(0, 2) : byRecency.slice(0, 1));
  const scored = [...groups.values()].map((g) => {
    let score = g.level === "error" ? 3 : g.level === "warn" ? 2 : 0;
    if (DIAGNOSTIC.test(g.text)) score += 1.5;
    if (carriesFigure(g.text)) score += 2;
    if (lastWords.has(g)) score += options.previous ? 3 : 0.5;
    if (g.count === 1) score += 0.2;
    // Headings and fragments ("Description:", "Action:") say nothing on their own.
    if (g.text.length < 25 || !/[a-z]{3}/i.test(g.text)) score -= 2;
    return { g, score };
  });
  return scored
    .filter((s) => s.score >= 1.5 || lastWords.has(s.g))
    .sort((a, b) => b.score - a.score || a.g.first - b.g.first)
    .slice(0, options.max)
    .sort((a, b) => a.g.first - b.g.first)
    .map(({ g }) => {
      // A figure that moved (memory, a pool, a duration) is shown from its first value to its newest.
      const figure = carriesFigure(g.text);
      const text = figure && g.count > 1 && g.firstText !== g.text ? `${g.firstText} … ${g.text}` : g.text;
      return { text, level: g.level, count: g.count, last: lastWords.has(g), figure };
    });
}

export function renderLine(line: SelectedLine): string {
  return line.count > 1 ? `${line.text} (×${line.count})` : line.text;
}
