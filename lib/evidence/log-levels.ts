// The level a log line declares: a JSON logger's level field (levelOf), or the marker a
// runtime or library writes at the head of a text line (headLevel). lib/evidence/log-lines.ts
// falls back to words in the message only when neither says.
export type Level = "error" | "warn" | "info";

export function levelOf(value: unknown): Level | null {
  // Logback's level_value (20000 INFO, 30000 WARN, 40000 ERROR) or pino's level (30, 40, 50).
  if (typeof value === "number")
    return value >= 1000
      ? value >= 40000
        ? "error"
        : value >= 30000
          ? "warn"
          : "info"
      : value >= 50
        ? "error"
        : value >= 40
          ? "warn"
          : "info";
  if (typeof value !== "string") return null;
  const v = value.toLowerCase();
  // Besides the full words: zap's "dpanic", log15's "eror", the short forms of Serilog ("ftl",
  // "fatl"), zerolog ("pnc"), logrus ("fata", "pani"), .NET ("fail") and one-letter levels
  // (klog's E/F/W, MongoDB's "s").
  if (/^(fatal|fata|fatl|ftl|panic|pani|pnc|dpanic|error|eror|err|fail|crit|severe|emerg|alert|[ef]$)/.test(v)) return "error";
  if (/^(warn|wrn|w$)/.test(v)) return "warn";
  return "info";
}

// syslog severities (RFC 5424): 0 emerg, 1 alert, 2 crit, 3 err, 4 warning, 5 notice, 6 info, 7 debug.
const syslog = (n: string): Level => (Number(n) <= 3 ? "error" : Number(n) === 4 ? "warn" : "info");
const word = (w: string): Level => levelOf(w) ?? "info";

// The severity a runtime or library writes at the head of a text line, in its documented
// place. A line whose head is recognized takes that level, as a JSON line takes its level
// field: words in the message ("ERROR", "Exception") decide only lines without one. Anchored
// at the start, so a message that quotes a marker ("... %3|...", "... ERR ...") changes nothing.
// Formats whose level words the fallback below already reads (Spring Boot, log4j, logback,
// Python's logging with a timestamp, Rust's tracing) are left to it.
const HEADS: { pattern: RegExp; level: (marker: string) => Level }[] = [
  // librdkafka's log line (Confluent.Kafka for .NET, confluent-kafka-python, confluent-kafka-go,
  // kcat): "%3|1733563097.123|FAIL|rdkafka#producer-1| ...", %N the syslog severity.
  { pattern: /^%([0-7])\|\d+(?:\.\d+)?\|[\w-]+\|/, level: syslog },
  // Serilog's console and file templates, "[{Timestamp:HH:mm:ss} {Level:u3}] ..." in any width
  // and case ("[09:18:17 WRN]", "[09:18:17.123 INFO]", "[09:18:17 Warning]", "[... eror]").
  {
    pattern:
      /^\[(?:\d{4}-\d\d-\d\d[ T])?\d\d:\d\d:\d\d(?:[.,]\d+)?(?: ?(?:Z|[+-]\d\d:?\d\d))? (VRB|VERB|VERBOSE|DBG|DBUG|DEBUG|INF|INFO|INFORMATION|WRN|WARN|WARNING|ERR|EROR|ERROR|FTL|FATL|FATAL)\]/i,
    level: word,
  },
  // Serilog's file sink default: "2026-12-07 09:18:17.123 +00:00 [ERR] ...".
  { pattern: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [+-]\d\d:\d\d \[(VRB|DBG|INF|WRN|ERR|FTL)\] /, level: word },
  // Microsoft.Extensions.Logging's console formatter (.NET): "fail: Namespace.Class[0]", "warn:", "crit:", "info:".
  { pattern: /^(trce|dbug|info|warn|fail|crit): \S+\[-?\d+\]/, level: word },
  // .NET's systemd console formatter, and sd-daemon's stderr prefixes: "<3>Namespace.Class[0] ...", the syslog severity.
  { pattern: /^<([0-7])>(?=\S)/, level: syslog },
  // klog and glog (Kubernetes components, controllers, Go operators): "E1207 09:18:17.123456       1 file.go:42] msg".
  { pattern: /^([IWEF])\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [^\s\]]+\] /, level: word },
  // zerolog's ConsoleWriter (Go): "9:18AM WRN msg", "2026-12-07T09:18:17Z ERR msg".
  { pattern: /^(?:\d{1,2}:\d\d[AP]M|\d{4}-\d\d-\d\dT\S+) (TRC|DBG|INF|WRN|ERR|FTL|PNC) /, level: word },
  // logrus' text formatter on a terminal or with colors forced (Go): "ERRO[0003] msg", "WARN[2026-12-07T09:18:17Z] msg".
  { pattern: /^(TRAC|DEBU|INFO|WARN|ERRO|FATA|PANI)\[[^\]]{1,40}\] /, level: word },
  // zap's console encoder (controller-runtime operators) and Istio's proxy agent: tab-separated,
  // "2026-12-07T09:18:17.123Z\tERROR\tcontroller\t...", "1.7335631e+09\tINFO\t...", "...Z\twarn\txdsproxy\t...".
  { pattern: /^(?:\d{4}-\d\d-\d\dT\S+|\d+(?:\.\d+)?(?:e\+\d+)?)\t(debug|info|warn|warning|error|dpanic|panic|fatal)\t/i, level: word },
  // Python's logging.basicConfig default "%(levelname)s:%(name)s:%(message)s" ("ERROR:root:msg"), and uvicorn's "INFO:     ...".
  { pattern: /^(DEBUG|INFO|WARNING|ERROR|CRITICAL):(?:[\w.-]+:|\s)/, level: word },
  // Ruby's Logger: "E, [2026-12-07T09:18:17.123456 #1] ERROR -- : msg".
  { pattern: /^[DIWEF], \[[^\]]+\]\s+(DEBUG|INFO|WARN|ERROR|FATAL) -- /, level: word },
  // Rust's env_logger: "[2026-12-07T09:18:17Z ERROR app::db] msg", or "[ERROR app] msg" without a timestamp.
  { pattern: /^\[(?:\d{4}-\d\d-\d\dT\S+\s+)?(TRACE|DEBUG|INFO|WARN|ERROR)\s+[\w:.-]+\] /, level: word },
  // nginx's error log: "2026/12/07 09:18:17 [error] 29#29: *1 ...".
  { pattern: /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(debug|info|notice|warn|error|crit|alert|emerg)\] \d+#\d+:/, level: word },
  // Apache httpd 2.4's error log: "[Mon Dec 07 09:18:17.123456 2026] [proxy:error] [pid 1] ...".
  {
    pattern:
      /^\[\w{3} \w{3} \d\d \d\d:\d\d:\d\d(?:\.\d+)? \d{4}\] \[(?:[\w-]+:)?(emerg|alert|crit|error|warn|notice|info|debug|trace\d)\] /,
    level: word,
  },
  // Envoy (Istio and Contour sidecars): "[2026-12-07 09:18:17.123][15][warning][config] ...".
  { pattern: /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+\]\[\d+\]\[(trace|debug|info|warning|error|critical)\]/, level: word },
  // PostgreSQL with its default log_line_prefix "%m [%p] ": "2026-12-07 09:18:17.123 UTC [29] FATAL:  ...".
  {
    pattern: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \w+ \[\d+\](?: \S+)? (DEBUG[1-5]|LOG|INFO|NOTICE|WARNING|ERROR|FATAL|PANIC):  /,
    level: word,
  },
  // MySQL and MariaDB's error log: "2026-12-07T09:18:17.123456Z 0 [Warning] [MY-010068] ...", "... 0 [ERROR] ...", "[Note]".
  { pattern: /^\d{4}-\d\d-\d\d[T ]\s?[\d:.]+(?:Z|[+-]\d\d:\d\d)? \d+ \[(System|Note|Warning|ERROR)\] /i, level: word },
  // RabbitMQ 3.9+ and other Erlang/OTP logger output: "2026-12-07 09:18:17.123456+00:00 [error] <0.230.0> ...".
  {
    pattern: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+[+-]\d\d:\d\d \[(debug|info|notice|warning|error|critical|alert|emergency)\] /,
    level: word,
  },
  // Elixir's Logger console default "$time $metadata[$level] $message": "09:18:17.123 request_id=F1 [error] ...".
  {
    pattern:
      /^(?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.\d{3} (?:[^\s=]+=\S* )*\[(debug|info|notice|warning|warn|error|critical|alert|emergency)\] /,
    level: word,
  },
  // Redis: "1:M 07 Dec 2026 09:18:17.123 # msg", the mark after the time its level (. debug, - verbose, * notice, # warning).
  { pattern: /^\d+:[XCSM] \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3} ([.*#-]) /, level: (m) => (m === "#" ? "warn" : "info") },
];

// Colors that loggers write on a terminal (logrus, zerolog, tracing) and kubectl keeps.
export const ANSI = /\u001b\[[0-9;]*m/g;

/** The level a recognized head of the line declares; null when no head is recognized. */
export function headLevel(line: string): Level | null {
  for (const { pattern, level } of HEADS) {
    const m = pattern.exec(line);
    if (m) return level(m[1] ?? "");
  }
  return null;
}
