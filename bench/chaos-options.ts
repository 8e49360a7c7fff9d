// The chaos bench's command line: --alerts, --concurrency, --pg-down, --drain-timeout, --seed.
import { parseArgs } from "../scripts/args";
import { numberFlag } from "./options";

export type ChaosOptions = {
  /** Distinct alerts to deliver. */
  alerts: number;
  /** Groups each Alertmanager replica sends at once. */
  concurrency: number;
  /** How long PostgreSQL stays down at each of its restarts. */
  pgDownMs: number;
  /** How long, once everything is sent, the investigations may take to finish. */
  drainTimeoutMs: number;
  poolSize: number;
  seed: number;
};

function fail(message: string): never {
  console.error(`bench:chaos: ${message}`);
  process.exit(2);
}

export function parseChaosOptions(argv: string[]): ChaosOptions {
  const args = parseArgs(argv);
  const number = (name: string, fallback: number, min: number, max: number) => numberFlag(args, name, fallback, min, max, fail);
  return {
    alerts: Math.round(number("alerts", 100_000, 100, 10_000_000)),
    concurrency: Math.round(number("concurrency", 4, 1, 100)),
    pgDownMs: number("pg-down", 2, 0, 300) * 1000,
    // A job whose worker was killed is retried once it expires (10 min, lib/jobs/boss.ts).
    drainTimeoutMs: number("drain-timeout", 1_500, 10, 7_200) * 1000,
    poolSize: Math.round(number("pool", 10, 1, 100)),
    seed: Math.round(number("seed", 42, 0, 2 ** 31)),
  };
}
