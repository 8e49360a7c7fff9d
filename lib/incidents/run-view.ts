// What the console says about an agent run: which state its panel is in and how long it
// took. Pure and safe in the browser.
import type { AgentRunStatus } from "@/lib/generated/prisma/enums";

type RunLike = {
  status: AgentRunStatus;
  latencyMs: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  rca: unknown;
};

export type RunPhase = "none" | "pending" | "failed" | "cancelled" | "unreadable" | "done";

export function runPhase(run: RunLike | null): RunPhase {
  if (!run) return "none";
  switch (run.status) {
    case "queued":
    case "running":
      return "pending";
    case "failed":
      return "failed";
    case "cancelled":
      return "cancelled";
    case "succeeded":
      return run.rca ? "done" : "unreadable";
  }
}

/** The engine's own measure when it recorded one, else the wall time between start and finish. */
export function runDurationMs(run: RunLike): number | null {
  if (run.latencyMs !== null) return run.latencyMs;
  if (!run.startedAt || !run.finishedAt) return null;
  return Math.max(0, new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime());
}

/** "85 ms", "1.3 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
