// What the incident page shows of a live run next to the stored one it polls: which of the
// two is current, words for a live step, why the model's answer was set aside, and whether
// Vigil is in watchtower mode. Pure and safe in the browser.
import type { IncidentJson } from "@/lib/client/api";
import type { LiveRun, LiveStep, LiveToolCall, Watchtower } from "@/lib/client/stream-state";

type StoredRun = Pick<NonNullable<IncidentJson["latestRun"]>, "id" | "status" | "engine" | "error" | "createdAt"> & {
  steps: { kind: string; name: string; output?: unknown }[];
};

/**
 * The live run to show in place of the stored one, or null when the stored run says it all.
 * Live wins while the stored run has not caught up with it: a run the last poll did not see
 * yet, or the same run, stored as still running, when its conclusion has just streamed in.
 * A live run older than the stored one (the stream behind the poll) is never shown.
 */
export function liveRunFor(stored: StoredRun | null, live: LiveRun | null): LiveRun | null {
  if (!live) return null;
  if (!stored) return live;
  if (live.runId === stored.id) return stored.status === "queued" || stored.status === "running" ? live : null;
  return new Date(live.startedAt).getTime() >= new Date(stored.createdAt).getTime() ? live : null;
}

/** The engine's step names the model it asks ("model llama3.1", "ensemble llama3.1"), else "rules" / "ensemble rules". */
const modelWasAsked = (steps: StoredRun["steps"]) =>
  steps.some((s) => s.kind === "engine" && (s.name.startsWith("model") || (s.name.startsWith("ensemble ") && s.name !== "ensemble rules")));

/**
 * Why the model's answer was set aside for the rule engine's, from the streamed RCA when it
 * is this run's, else from the stored run (its `error` once it succeeded with the rules).
 * Null when there was no model to ask: then there was no answer to set aside.
 */
export function modelSetAside(stored: StoredRun | null, live: LiveRun | null): string | null {
  const current = live && (live.runId === stored?.id || liveRunFor(stored, live)) ? live : null;
  if (current?.rca) return current.engine !== "rules" && current.rca.engine === "rules" ? (current.rca.fallbackReason ?? null) : null;
  if (!stored || stored.status !== "succeeded" || stored.engine !== "rules" || !stored.error) return null;
  return modelWasAsked(stored.steps) ? stored.error : null;
}

function isWatchtower(value: unknown): value is Watchtower {
  if (typeof value !== "object" || value === null) return false;
  const w = value as Record<string, unknown>;
  return typeof w.active === "boolean" && (w.reason === null || typeof w.reason === "string");
}

/** The model's health as last reported: the stream's latest RCA, else what the stored run's
 * engine step recorded, so the banner is there from the first paint after a reload. */
export function watchtowerFor(stored: StoredRun | null, live: Watchtower | null): Watchtower | null {
  if (live) return live;
  const output = stored?.steps.find((s) => s.kind === "engine")?.output;
  const recorded = typeof output === "object" && output !== null ? (output as Record<string, unknown>).watchtower : undefined;
  return isWatchtower(recorded) ? recorded : null;
}

/** "Collecting evidence", "Model llama3.1", "Rule engine". */
export function liveStepLabel(step: Pick<LiveStep, "kind" | "name">): string {
  if (step.kind === "collect") return `Collecting ${step.name}`;
  if (step.kind === "engine" && step.name.startsWith("model ")) return `Model ${step.name.slice("model ".length)}`;
  if (step.kind === "engine" && step.name === "rules") return "Rule engine";
  if (step.kind === "engine" && step.name === "ensemble rules") return "Ensemble of rule-based specialists";
  if (step.kind === "engine" && step.name.startsWith("ensemble "))
    return `Ensemble of specialists · ${step.name.slice("ensemble ".length)}`;
  return step.name;
}

/** A tool call as a person reads it: `get_pod_logs(pod=api-1, previous=true)`. */
export function toolCallLabel(call: Pick<LiveToolCall, "tool" | "arguments">): string {
  const args = Object.entries(call.arguments)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ");
  return `${call.tool}(${args.length > 120 ? `${args.slice(0, 119)}…` : args})`;
}
