// The console bench's command line: --incidents, --audit, --requests, --warmup, --q, --pool, --keep; DATABASE_URL names the PostgreSQL server.
import { parseArgs } from "../scripts/args";

export type ConsoleOptions = {
  serverUrl: string;
  incidents: number;
  auditEvents: number;
  /** Timed requests per endpoint, after `warmup` untimed ones. */
  requests: number;
  warmup: number;
  /** The free-text word of the filtered list (a word of many titles and workloads). */
  q: string;
  poolSize: number;
  /** Leave the bench database in place (for EXPLAIN ANALYZE afterwards) instead of dropping it. */
  keep: boolean;
};

function fail(message: string): never {
  console.error(`bench:console: ${message}`);
  process.exit(2);
}

function number(args: Map<string, string | true>, name: string, fallback: number, min: number, max: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw === true || !Number.isInteger(value) || value < min || value > max)
    fail(`--${name} must be a whole number from ${min} to ${max}`);
  return value;
}

export function parseConsoleOptions(argv: string[]): ConsoleOptions {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl || !/^postgres(ql)?:\/\//.test(serverUrl)) {
    fail(
      "DATABASE_URL must name a PostgreSQL server the bench may create a database on, e.g.\n" +
        "  DATABASE_URL=postgresql://vigil:vigil@127.0.0.1:5432/vigil npm run bench:console",
    );
  }
  const args = parseArgs(argv);
  const q = args.get("q") ?? "checkout";
  if (q === true || !/^[\w-]{1,50}$/.test(q)) fail("--q must be one word");
  return {
    serverUrl,
    incidents: number(args, "incidents", 10_000, 100, 1_000_000),
    auditEvents: number(args, "audit", 100_000, 1_000, 10_000_000),
    requests: number(args, "requests", 200, 1, 100_000),
    warmup: number(args, "warmup", 20, 0, 10_000),
    q,
    poolSize: number(args, "pool", 10, 1, 100),
    keep: args.has("keep"),
  };
}
