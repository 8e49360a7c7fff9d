// The bench's telemetry: services × metrics series with Gaussian noise around realistic
// levels, one sample a second per series, split between senders (shape "own": each source
// pushes its own services, as a node agent or a per-team collector would) or all pushed by
// every sender ("shared": one big collector's worth of series in every batch, so concurrent
// batches contend for the same baselines). Known anomalies are injected —
// three consecutive samples 8σ off — so recall can be checked against what was stored.
import { seededRng } from "@/lib/random";

export const METRICS = [
  { name: "http_latency_ms", mean: 120, sd: 15 },
  { name: "http_requests_per_s", mean: 800, sd: 60 },
  { name: "error_ratio", mean: 0.01, sd: 0.002 },
  { name: "cpu_cores", mean: 1.5, sd: 0.2 },
  { name: "memory_bytes", mean: 5e8, sd: 2e7 },
] as const;

export const STEP_MS = 1_000;
/** Samples a series has before it may carry an injection (past the cold start, a settled σ). */
const INJECT_AFTER = 60;
/** Samples between two injections on one series: the first episode ends before the next. */
const INJECT_SPACING = 40;
export const INJECTED_RUN = 3;
const INJECTED_Z = 8;

type Series = { service: string; name: string; mean: number; sd: number; k: number; lastInjected: number };
export type Injection = { service: string; name: string; at: number };
export type Delivery = { sender: number; body: string; points: number; injections: Injection[] };

function gaussian(rand: () => number): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export class AnomalyWorkload {
  private readonly owned: Series[][];
  private readonly perSeries: number[];
  private readonly rand: () => number;
  private batches = 0;
  acked = 0;
  failed = 0;
  readonly injections: Injection[] = [];

  constructor(
    readonly options: {
      services: number;
      senders: number;
      batch: number;
      start: number;
      injectEveryBatches: number;
      shape: "own" | "shared";
      seed?: number;
      prefix: string;
    },
  ) {
    this.rand = seededRng(options.seed ?? 42);
    const all: Series[] = [];
    for (let s = 0; s < options.services; s++) {
      for (const m of METRICS)
        all.push({ service: `${options.prefix}-svc-${s}`, name: m.name, mean: m.mean, sd: m.sd, k: 0, lastInjected: -Infinity });
    }
    this.owned = Array.from({ length: options.senders }, (_, i) =>
      options.shape === "shared" ? all : all.filter((_, j) => Math.floor(j / METRICS.length) % options.senders === i),
    );
    // Samples per series in one batch: the batch is spread evenly over the sender's series.
    this.perSeries = this.owned.map((list) => Math.max(1, Math.round(options.batch / Math.max(1, list.length))));
  }

  get seriesCount(): number {
    return this.options.services * METRICS.length;
  }

  next(sender: number): Delivery {
    const list = this.owned[sender]!;
    const per = this.perSeries[sender]!;
    this.batches++;
    const target = this.batches % this.options.injectEveryBatches === 0 ? list[Math.floor(this.rand() * list.length)] : undefined;
    const injections: Injection[] = [];
    const parts: string[] = [];
    for (const s of list) {
      let spikeFrom = -1;
      if (s === target && s.k >= INJECT_AFTER && s.k - s.lastInjected >= INJECT_SPACING && per >= INJECTED_RUN) {
        spikeFrom = s.k + Math.floor(this.rand() * (per - INJECTED_RUN + 1));
        s.lastInjected = spikeFrom;
        injections.push({ service: s.service, name: s.name, at: this.options.start + spikeFrom * STEP_MS });
      }
      for (let i = 0; i < per; i++, s.k++) {
        const spiked = spikeFrom >= 0 && s.k >= spikeFrom && s.k < spikeFrom + INJECTED_RUN;
        const value = s.mean + (spiked ? INJECTED_Z : gaussian(this.rand)) * s.sd;
        parts.push(`{"service":"${s.service}","name":"${s.name}","value":${value},"timestamp":${this.options.start + s.k * STEP_MS}}`);
      }
    }
    return { sender, body: `{"points":[${parts.join(",")}]}`, points: parts.length, injections };
  }

  acknowledged(d: Delivery): void {
    this.acked += d.points;
    this.injections.push(...d.injections);
  }

  /** A failed batch's series still advanced: its samples are simply missing, as after a lost request. */
  lost(d: Delivery): void {
    this.failed += d.points;
  }
}
