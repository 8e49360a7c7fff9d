// A signal's value as people read it: "31.0%", "512Mi", "420ms", "0.75 cores". Pure (no
// catalog, no I/O), so the console's charts format their axes the way evidence lines do.
import type { Signal } from "@/lib/scenarios/schema";

export function formatSignal(signal: Signal, v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (signal.endsWith("_ratio")) return `${(v * 100).toFixed(1)}%`;
  if (signal === "memory_working_set_bytes") return `${(v / 2 ** 20).toFixed(0)}Mi`;
  if (signal === "latency_p99_ms") return `${v.toFixed(0)}ms`;
  if (signal === "cpu_usage_cores") return `${v.toFixed(2)} cores`;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** What a signal measures, for a chart's title and axis. */
export const signalLabel: Record<Signal, string> = {
  request_rate: "Request rate (req/s)",
  error_ratio: "Error ratio (5xx)",
  latency_p99_ms: "Latency p99",
  cpu_usage_cores: "CPU usage",
  cpu_throttled_ratio: "CPU throttled",
  memory_working_set_bytes: "Memory working set",
  restarts: "Container restarts",
  db_connections_in_use: "DB connections in use",
  disk_used_ratio: "Disk used",
};
