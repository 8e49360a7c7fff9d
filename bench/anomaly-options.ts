// The command line of npm run bench:anomaly: --senders, --duration, --warmup, --batch, --services,
// --shape own|shared, --keys, --inject-every, --pool, --only; DATABASE_URL names the PostgreSQL server to
// create databases on.
import { parseArgs } from "../scripts/args";

export type AnomalySide = "detect" | "store";
export type AnomalyBenchOptions = {
  serverUrl: string;
  senders: number;
  durationS: number;
  warmupS: number;
  batch: number;
  services: number;
  injectEvery: number;
  shape: "own" | "shared";
  /** API keys the senders share out (1: all senders on one key). */
  keys: number;
  poolSize: number;
  sides: AnomalySide[];
};

function fail(message: string): never {
  console.error(`bench:anomaly: ${message}`);
  process.exit(2);
}

export function parseAnomalyOptions(argv: string[]): AnomalyBenchOptions {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl || !/^postgres(ql)?:\/\//.test(serverUrl)) {
    fail(
      "DATABASE_URL must name a PostgreSQL server the bench may create databases on, e.g.\n  DATABASE_URL=postgresql://vigil:vigil@127.0.0.1:5432/vigil npm run bench:anomaly",
    );
  }
  const args = parseArgs(argv);
  const number = (name: string, fallback: number, min: number, max: number) => {
    const raw = args.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (raw === true || !Number.isFinite(value) || value < min || value > max) fail(`--${name} must be a number from ${min} to ${max}`);
    return value;
  };
  const only = args.get("only");
  if (only !== undefined && only !== "detect" && only !== "store") fail("--only must be detect or store");
  const shape = args.get("shape") ?? "own";
  if (shape !== "own" && shape !== "shared")
    fail("--shape must be own (each sender its own services) or shared (every sender all of them)");
  return {
    serverUrl,
    senders: Math.round(number("senders", 4, 1, 64)),
    durationS: number("duration", 20, 1, 600),
    warmupS: number("warmup", 5, 0, 120),
    batch: Math.round(number("batch", 2_500, 10, 5_000)),
    services: Math.round(number("services", 200, 1, 10_000)),
    injectEvery: Math.round(number("inject-every", 10, 1, 1_000_000)),
    shape,
    keys: Math.round(number("keys", 0, 0, 64)),
    poolSize: Math.round(number("pool", Number(process.env.VIGIL_DB_POOL_SIZE || 10), 1, 100)),
    sides: only ? [only] : ["detect", "store"],
  };
}
