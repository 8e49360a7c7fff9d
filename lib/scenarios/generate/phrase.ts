// What a cause says in a log: lines (level, message, logger, stack) plus the decisive fragment.
// Fragments must survive any log format (JSON escapes quotes and backslashes), so they hold none.
import { addLog, logKey } from "./world";
import { forHost, type Fields, type Level, type Logger } from "./runtimes";
import type { App, PodPlan, World } from "./types";

/** raw: printed as is (a panic, a traceback, librdkafka); at: formats itself from the line's time. */
export type Say = {
  level: Level;
  msg: string;
  logger?: string;
  fields?: Fields;
  stack?: string[];
  raw?: boolean;
  at?: (t: number) => string;
};
export type Phrase = { lines: Say[]; ev: string };

export type PeerKind = "postgres" | "mysql" | "redis" | "kafka" | "http";
export type Peer = { kind: PeerKind; name: string; host: string; ip: string; port: number; db?: string; path?: string };
export type NetMode = "refused" | "timeout" | "dns" | "tls-expired";
export type NetCtx = { dnsIp: string; podIp: string; now: number; notAfter: number };

export function phrase(lines: Say[], ev: string): Phrase {
  if (/["\\\n]/.test(ev)) throw new Error(`evidence fragment must not hold quotes, backslashes or newlines: ${ev}`);
  if (!lines.some((l) => l.msg.includes(ev))) throw new Error(`evidence fragment not in its lines: ${ev}`);
  return { lines, ev };
}

export const say = (level: Level, msg: string, o: Omit<Say, "level" | "msg"> = {}): Say => ({ level, msg, ...o });

/** The app's logger as it runs in one pod (pino writes the pod name as hostname, for one). */
export function loggerFor(w: World, pod: PodPlan, app: App): Logger {
  if (pod.logger?.app !== app) pod.logger = { app, logger: forHost(w.g, app.logger, app.name, w.cluster.domain, pod.name) };
  return pod.logger.logger;
}

/** Writes lines, `gapMs` apart starting at `t`, into a container's log; returns the time after. */
export function write(
  w: World,
  pod: PodPlan,
  app: App,
  t: number,
  lines: Say[],
  o: { container?: string; previous?: boolean; gapMs?: number } = {},
): number {
  const log = loggerFor(w, pod, app);
  const key = logKey(pod.ns, pod.name, o.container ?? app.container, o.previous);
  t = Math.round(t);
  for (const l of lines) {
    const text = l.at
      ? l.at(t)
      : l.raw
        ? [l.msg, ...(l.stack ?? [])].join("\n")
        : log.fmt(t, l.level, l.msg, { logger: l.logger, fields: l.fields, stack: l.stack });
    addLog(w, key, t, text);
    t += Math.round(o.gapMs ?? w.g.int(3, 400));
  }
  return t;
}

/**
 * Spreads copies of the same lines over [from, to), as a service repeating an error does: about
 * one per `every`, at most a dozen (what `kubectl logs --tail` would show of a long repetition).
 */
export function repeat(
  w: World,
  pod: PodPlan,
  app: App,
  from: number,
  to: number,
  every: number,
  make: (t: number) => Say[],
  o: { container?: string; previous?: boolean } = {},
): void {
  const span = to - from;
  if (span <= 0) return;
  const n = Math.max(1, Math.min(12, Math.floor(span / every)));
  const stepMs = span / n;
  for (let i = 0; i < n; i++) write(w, pod, app, from + stepMs * (i + 0.2 + w.g.next() * 0.6), make(from + stepMs * i), o);
}
