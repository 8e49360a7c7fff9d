// Log line formats per runtime, as the usual libraries write them: Go (slog, zap, logrus, zerolog),
// Java (Spring Boot console, logstash JSON, log4j2), Node (pino, winston, NestJS), Python (logging,
// structlog, gunicorn), .NET (console, Serilog) and nginx. The same message reads differently in each.
import type { Gen } from "./rng";
import { isoMs, parts } from "./time";

export const RUNTIMES = ["go", "java", "node", "python", "dotnet", "nginx"] as const;
export type Runtime = (typeof RUNTIMES)[number];
export type Level = "debug" | "info" | "warn" | "error" | "fatal";
export type Fields = Record<string, string | number | boolean>;
export type LineOpts = { logger?: string; fields?: Fields; stack?: string[] };
export type Logger = {
  runtime: Runtime;
  style: string;
  /** The default logger/category name for this app's own code. */
  category: string;
  fmt(t: number, level: Level, msg: string, opts?: LineOpts): string;
};

const J = JSON.stringify;
const kv = (f: Fields = {}) =>
  Object.entries(f)
    .map(([k, v]) => ` ${k}=${typeof v === "string" && /[\s="]/.test(v) ? J(v) : v}`)
    .join("");
const withStack = (line: string, stack?: string[]) => (stack?.length ? `${line}\n${stack.join("\n")}` : line);

function abbreviate(name: string, width: number): string {
  const segs = name.split(".");
  for (let i = 0; i < segs.length - 1 && segs.join(".").length > width; i++) segs[i] = (segs[i] as string).slice(0, 1);
  return segs.join(".");
}

type Style = (ctx: { app: string; pid: number; host: string; category: string }) => Logger["fmt"];

const STYLES: Record<Runtime, Record<string, Style>> = {
  go: {
    slog: () => (t, l, m, o) =>
      `time=${isoMs(t)} level=${l === "fatal" ? "ERROR" : l.toUpperCase()} msg=${/[\s="]/.test(m) ? J(m) : m}${kv(o?.fields)}`,
    logrus: () => (t, l, m, o) => `time="${isoMs(t).replace(/\.\d+Z$/, "Z")}" level=${l} msg=${J(m)}${kv(o?.fields)}`,
    zap: (c) => (t, l, m, o) =>
      J({
        level: l === "warn" ? "warn" : l,
        ts: Number((t / 1000).toFixed(3)),
        caller: o?.logger ?? c.category,
        msg: m,
        ...o?.fields,
        ...(o?.stack ? { stacktrace: o.stack.join("\n") } : {}),
      }),
    zerolog: () => (t, l, m, o) => J({ level: l, ...o?.fields, time: isoMs(t).replace(/\.\d+Z$/, "Z"), message: m }),
  },
  java: {
    spring: (c) => (t, l, m, o) => {
      const thread = String(o?.fields?.thread ?? `http-nio-8080-exec-${(((t / 1000) % 9) | 0) + 1}`)
        .slice(-15)
        .padStart(15);
      const lv = (l === "fatal" ? "ERROR" : l === "warn" ? "WARN" : l.toUpperCase()).padStart(5);
      return withStack(
        `${isoMs(t)} ${lv} ${c.pid} --- [${c.app}] [${thread}] ${abbreviate(o?.logger ?? c.category, 39).padEnd(40)} : ${m}`,
        o?.stack,
      );
    },
    logstash: (c) => (t, l, m, o) => {
      const lv = l === "fatal" ? "ERROR" : l === "warn" ? "WARN" : l.toUpperCase();
      const value = { DEBUG: 10000, INFO: 20000, WARN: 30000, ERROR: 40000 }[lv] ?? 20000;
      const thread = String(o?.fields?.thread ?? `http-nio-8080-exec-${(((t / 1000) % 9) | 0) + 1}`);
      return J({
        "@timestamp": isoMs(t),
        "@version": "1",
        message: m,
        logger_name: o?.logger ?? c.category,
        thread_name: thread,
        level: lv,
        level_value: value,
        ...(o?.stack ? { stack_trace: o.stack.join("\n") } : {}),
      });
    },
    log4j2: (c) => (t, l, m, o) => {
      const p = parts(t);
      const lv = (l === "fatal" ? "FATAL" : l.toUpperCase()).padEnd(5);
      return withStack(
        `${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s}.${p.ms} [${o?.fields?.thread ?? "main"}] ${lv} ${abbreviate(o?.logger ?? c.category, 36)} - ${m}`,
        o?.stack,
      );
    },
  },
  node: {
    pino: (c) => (t, l, m, o) => {
      const level = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 }[l];
      const err = o?.stack ? { err: { type: "Error", message: m, stack: o.stack.join("\n") } } : {};
      return J({ level, time: t, pid: c.pid, hostname: c.host, ...o?.fields, ...err, msg: m });
    },
    winston: (c) => (t, l, m, o) =>
      J({
        level: l === "fatal" ? "error" : l,
        message: m,
        service: c.app,
        ...o?.fields,
        ...(o?.stack ? { stack: o.stack.join("\n") } : {}),
        timestamp: isoMs(t),
      }),
    nest: (c) => (t, l, m, o) => {
      const p = parts(t);
      const h = Number(p.h);
      const clock = `${p.mo}/${p.d}/${p.y}, ${h % 12 || 12}:${p.mi}:${p.s} ${h < 12 ? "AM" : "PM"}`;
      const lv = (l === "info" ? "LOG" : l === "fatal" ? "ERROR" : l.toUpperCase()).padStart(7);
      return withStack(`[Nest] ${c.pid}  - ${clock} ${lv} [${o?.logger ?? c.category}] ${m}`, o?.stack);
    },
  },
  python: {
    logging: (c) => (t, l, m, o) => {
      const p = parts(t);
      const lv = l === "fatal" ? "CRITICAL" : l === "warn" ? "WARNING" : l.toUpperCase();
      return withStack(`${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s},${p.ms} ${lv} [${o?.logger ?? c.category}] ${m}`, o?.stack);
    },
    structlog: (c) => (t, l, m, o) => {
      const body = {
        event: m,
        ...o?.fields,
        level: l === "fatal" ? "critical" : l === "warn" ? "warning" : l,
        logger: o?.logger ?? c.category,
        timestamp: isoMs(t),
        ...(o?.stack ? { exception: o.stack.join("\n") } : {}),
      };
      // json.dumps' default separators: ", " and ": ".
      return `{${Object.entries(body)
        .map(([k, v]) => `${J(k)}: ${J(v)}`)
        .join(", ")}}`;
    },
    gunicorn: (c) => (t, l, m, o) => {
      const p = parts(t);
      const lv = l === "fatal" ? "CRITICAL" : l === "warn" ? "WARNING" : l.toUpperCase();
      return withStack(`[${p.y}-${p.mo}-${p.d} ${p.h}:${p.mi}:${p.s} +0000] [${c.pid}] [${lv}] ${m}`, o?.stack);
    },
  },
  dotnet: {
    console: (c) => (t, l, m, o) => {
      const lv = { debug: "dbug", info: "info", warn: "warn", error: "fail", fatal: "crit" }[l];
      return withStack(
        `${lv}: ${o?.logger ?? c.category}[${o?.fields?.eventId ?? 0}]\n      ${m}`,
        o?.stack?.map((s) => `      ${s}`),
      );
    },
    serilog: (c) => (t, l, m, o) => {
      const lv = { debug: "Debug", info: undefined, warn: "Warning", error: "Error", fatal: "Fatal" }[l];
      return J({
        "@t": isoMs(t).replace("Z", "0000Z"),
        "@mt": m,
        ...(lv ? { "@l": lv } : {}),
        ...(o?.stack ? { "@x": o.stack.join("\n") } : {}),
        SourceContext: o?.logger ?? c.category,
        ...o?.fields,
      });
    },
    "serilog-text": () => (t, l, m, o) => {
      const p = parts(t);
      const lv = { debug: "DBG", info: "INF", warn: "WRN", error: "ERR", fatal: "FTL" }[l];
      return withStack(`[${p.h}:${p.mi}:${p.s} ${lv}] ${m}`, o?.stack);
    },
  },
  nginx: {
    error: (c) => (t, l, m) => {
      const p = parts(t);
      const lv = { debug: "debug", info: "notice", warn: "warn", error: "error", fatal: "emerg" }[l];
      return `${p.y}/${p.mo}/${p.d} ${p.h}:${p.mi}:${p.s} [${lv}] ${c.pid}#${c.pid}: ${m}`;
    },
  },
};

function defaultCategory(g: Gen, runtime: Runtime, app: string, corp: string): string {
  const pkg = app.split("-")[0] ?? "app";
  const Cls = pkg.charAt(0).toUpperCase() + pkg.slice(1);
  switch (runtime) {
    case "go":
      return `${g.pick(["server", "api", "internal/http", "handler"])}/${g.pick(["handler", "server", "routes"])}.go:${g.int(40, 300)}`;
    case "java":
      return `com.${corp}.${pkg}.${g.pick(["web", "api", "service", "controller"])}.${Cls}${g.pick(["Controller", "Service", "Handler"])}`;
    case "node":
      return `${Cls}${g.pick(["Controller", "Service", "Handler"])}`;
    case "python":
      return `${pkg}.${g.pick(["api", "views", "service", "handlers", "worker"])}`;
    case "dotnet":
      return `${Cls}.Api.${g.pick(["Controllers", "Services", "Endpoints"])}.${Cls}${g.pick(["Controller", "Service", "Endpoint"])}`;
    case "nginx":
      return "nginx";
  }
}

export function makeLogger(g: Gen, runtime: Runtime, app: string, corp: string, host: string): Logger {
  const style = g.pick(Object.keys(STYLES[runtime]));
  const pid = runtime === "nginx" ? g.int(20, 40) : runtime === "python" && style === "gunicorn" ? g.int(7, 12) : 1;
  const category = defaultCategory(g, runtime, app, corp);
  const fmt = (STYLES[runtime][style] as Style)({ app, pid, host, category });
  return { runtime, style, category, fmt };
}

/** The same logger as `base` writing for another pod (hostname, pid stay per-process). */
export function forHost(g: Gen, base: Logger, app: string, corp: string, host: string): Logger {
  const pid = base.runtime === "nginx" ? g.int(20, 40) : base.runtime === "python" && base.style === "gunicorn" ? g.int(7, 12) : 1;
  return { ...base, fmt: (STYLES[base.runtime][base.style] as Style)({ app, pid, host, category: base.category }) };
}
