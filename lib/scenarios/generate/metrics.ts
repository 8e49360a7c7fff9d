// Metric series over the scenario's window (10–30 points in the 30–60 minutes before now), in
// the signal vocabulary of FORMAT.md, from a few curve shapes: flat, step, ramp, blip.
import type { Signal } from "@/lib/scenarios/schema";
import type { PodPlan, Workload, World } from "./types";

export type Curve = (t: number, i: number) => number;

export function addSeries(w: World, signal: Signal, labels: Record<string, string>, curve: Curve, decimals = 4): void {
  const { start, step, points } = w.window;
  const scale = 10 ** decimals;
  const values: [number, number][] = [];
  for (let i = 0; i < points; i++) {
    const t = start + i * step;
    values.push([t / 1000, Math.round(Math.max(0, curve(t, i)) * scale) / scale]);
  }
  w.metrics.push({ signal, labels, values });
}

const jitter = (w: World, v: number, rel: number) => v * (1 + (w.g.next() * 2 - 1) * rel);

export const flat =
  (w: World, base: number, rel = 0.06): Curve =>
  () =>
    jitter(w, base, rel);

/** `before` until `at`, then `after`. */
export const step =
  (w: World, before: number, after: number, at: number, rel = 0.06): Curve =>
  (t) =>
    jitter(w, t < at ? before : after, rel);

/** Linear from `from` (at `since`, or the window start) to `to` at now; flat before `since`. */
export const ramp =
  (w: World, from: number, to: number, since = w.window.start, rel = 0.02): Curve =>
  (t) => {
    const end = w.window.start + (w.window.points - 1) * w.window.step;
    const x = t <= since ? 0 : (t - since) / Math.max(1, end - since);
    return jitter(w, from + (to - from) * x, rel);
  };

/** `base`, raised to `peak` between `from` and `to`. */
export const blip =
  (w: World, base: number, peak: number, from: number, to: number, rel = 0.06): Curve =>
  (t) =>
    jitter(w, t >= from && t <= to ? peak : base, rel);

/** A restart counter: `before` until each time in `at`, one more after each. */
export const counter =
  (before: number, at: number[]): Curve =>
  (t) =>
    before + at.filter((x) => x <= t).length;

/** Labels for a workload-level series: the deployment label only where the workload is one. */
export function wlLabels(wl: Workload): Record<string, string> {
  return wl.kind === "Deployment" ? { namespace: wl.ns, deployment: wl.name } : { namespace: wl.ns, pod: wl.pods[0]?.name ?? wl.name };
}

export function podLabels(p: PodPlan, container?: string): Record<string, string> {
  return { namespace: p.ns, pod: p.name, ...(container ? { container } : {}) };
}

/** The RED series of a healthy HTTP service: what every service's dashboard has. */
export function baselineRed(w: World, wl: Workload, o: { rps?: number; p99?: number; err?: number } = {}): { rps: number; p99: number } {
  const rps = o.rps ?? w.g.int(15, 900);
  const p99 = o.p99 ?? w.g.int(40, 350);
  // Only the signals the cause has not already drawn.
  const has = (s: Signal) => w.metrics.some((m) => m.signal === s);
  if (!has("request_rate")) addSeries(w, "request_rate", wlLabels(wl), flat(w, rps, 0.08));
  if (!has("error_ratio")) addSeries(w, "error_ratio", wlLabels(wl), flat(w, o.err ?? w.g.float(0.0002, 0.003), 0.4), 5);
  if (!has("latency_p99_ms")) addSeries(w, "latency_p99_ms", wlLabels(wl), flat(w, p99, 0.08), 1);
  return { rps, p99 };
}
