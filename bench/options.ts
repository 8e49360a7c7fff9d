// The bench's command line: --senders, --duration, --warmup, --rate, --max-requests, --pool, --rounds, --only, --webhook,
// --server-node-options;
// DATABASE_URL names the PostgreSQL server.
import { parseArgs } from "../scripts/args";

export type Side = "vigil" | "baseline";
export type BenchOptions = {
  serverUrl: string;
  senders: number;
  durationS: number;
  warmupS: number;
  /** Alerts per second offered in the paced phase (0: no paced phase). */
  rate: number;
  maxRequests: number;
  poolSize: number;
  /** Rounds of both sides, alternating which goes first, so noise shows as a spread. */
  rounds: number;
  sides: Side[];
  /** Where Vigil's side is posted: the ingest port (VIGIL_INGEST_PORT, as installs run it) or the Next.js route. */
  webhook: "port" | "route";
  /** NODE_OPTIONS for Vigil's server process only (GC settings, say): not the senders'. */
  serverNodeOptions: string | undefined;
};

function fail(message: string): never {
  console.error(`bench:ingest: ${message}`);
  process.exit(2);
}

/** A numeric flag within [min, max]; anything else ends the bench through `onError` with a usage line. */
export function numberFlag(
  args: Map<string, string | true>,
  name: string,
  fallback: number,
  min: number,
  max: number,
  onError: (message: string) => never = fail,
): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw === true || !Number.isFinite(value) || value < min || value > max) onError(`--${name} must be a number from ${min} to ${max}`);
  return value;
}

export function parseOptions(argv: string[]): BenchOptions {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    fail(
      "DATABASE_URL is not set. The bench needs a real PostgreSQL server it may create databases on, e.g.\n" +
        "  DATABASE_URL=postgresql://vigil:vigil@127.0.0.1:5432/vigil npm run bench:ingest",
    );
  }
  if (!/^postgres(ql)?:\/\//.test(serverUrl)) fail("DATABASE_URL must be a postgresql:// URL");
  const args = parseArgs(argv);
  const only = args.get("only");
  if (only !== undefined && only !== "vigil" && only !== "baseline") fail("--only must be vigil or baseline");
  const webhook = args.get("webhook") ?? "port";
  if (webhook !== "port" && webhook !== "route") fail("--webhook must be port or route");
  return {
    serverUrl,
    senders: Math.round(numberFlag(args, "senders", 20, 1, 500)),
    durationS: numberFlag(args, "duration", 20, 1, 600),
    warmupS: numberFlag(args, "warmup", 5, 0, 120),
    rate: numberFlag(args, "rate", 1_000, 0, 100_000),
    maxRequests: Math.round(numberFlag(args, "max-requests", 500_000, 1, 10_000_000)),
    poolSize: Math.round(numberFlag(args, "pool", Number(process.env.VIGIL_DB_POOL_SIZE || 10), 1, 100)),
    rounds: Math.round(numberFlag(args, "rounds", 3, 1, 20)),
    sides: only ? [only] : ["vigil", "baseline"],
    webhook,
    serverNodeOptions: typeof args.get("server-node-options") === "string" ? (args.get("server-node-options") as string) : undefined,
  };
}
