// The live state of an incident's investigation, rebuilt from its stream's events alone (a
// reload replays the whole stream): the current run's steps, evidence, streamed answer,
// RCA or failure, and the model's last reported health. Pure, so it is tested without React.
import type { StreamEvent, StreamEventData, StreamEventKind } from "@/lib/stream/types";

export type LiveStep = { index: number; kind: string; name: string; durationMs: number | null; error: string | null };

export type Watchtower = NonNullable<StreamEventData["rca"]["watchtower"]>;

export type LiveToolCall = Omit<StreamEventData["tool.called"], "runId">;

export type LiveSpecialist = Omit<StreamEventData["specialist.done"], "runId">;

export type LiveRun = {
  runId: string;
  /** The engine the run started with: "ensemble" in ensemble mode, else "model" when one is configured, else "rules". */
  engine: string;
  attempt: number;
  startedAt: string;
  status: "running" | "succeeded" | "failed";
  steps: LiveStep[];
  evidence: Omit<StreamEventData["evidence"], "runId"> | null;
  /** The model's read-only tool calls, in order. */
  tools: LiveToolCall[];
  /** Ensemble mode: the specialists that have answered, in the order they did. */
  specialists: LiveSpecialist[];
  /** The model's answer so far; emptied when it is void (a retry) or a new run starts. */
  text: string;
  /** Why the streamed answer was last voided, while a retry is under way. */
  resetReason: string | null;
  rca: StreamEventData["rca"] | null;
  latencyMs: number | null;
  failure: string | null;
};

export type StreamState = {
  /** The last event applied: anything at or before it is a repeat. */
  lastSeq: string | null;
  run: LiveRun | null;
  /** The latest RCA's report on the model; it outlives its run, as the model's health does. */
  watchtower: Watchtower | null;
};

/** The stream's events as a union discriminated by kind, so a switch narrows each payload. */
export type AnyStreamEvent = { [K in StreamEventKind]: StreamEvent<K> }[StreamEventKind];

export const initialStreamState: StreamState = { lastSeq: null, run: null, watchtower: null };

/** Every kind the stream sends; a Record, so a kind added to the stream's types fails to compile here. */
const kinds: Record<StreamEventKind, true> = {
  "run.started": true,
  "step.started": true,
  "step.finished": true,
  evidence: true,
  token: true,
  "tool.called": true,
  "specialist.done": true,
  "tokens.reset": true,
  rca: true,
  "run.finished": true,
  "run.failed": true,
  "incident.changed": true,
};
export const streamEventKinds = Object.keys(kinds) as StreamEventKind[];

/** One SSE `data:` line as the typed event, or null when it is not one. */
export function parseStreamEvent(raw: string): AnyStreamEvent | null {
  try {
    const value = JSON.parse(raw) as Partial<StreamEvent> | null;
    if (!value || typeof value.seq !== "string" || !/^\d+$/.test(value.seq)) return null;
    if (typeof value.kind !== "string" || !(value.kind in kinds) || typeof value.data !== "object" || value.data === null) return null;
    return value as AnyStreamEvent;
  } catch {
    return null;
  }
}

function upsertStep(steps: LiveStep[], step: LiveStep): LiveStep[] {
  return [...steps.filter((s) => s.index !== step.index), step].sort((a, b) => a.index - b.index);
}

function applyToRun(run: LiveRun, event: AnyStreamEvent): LiveRun {
  switch (event.kind) {
    case "step.started": {
      const { index, kind, name } = event.data;
      return { ...run, steps: upsertStep(run.steps, { index, kind, name, durationMs: null, error: null }) };
    }
    case "step.finished": {
      const { index, name, durationMs, error } = event.data;
      const kind = run.steps.find((s) => s.index === index)?.kind ?? "";
      return { ...run, steps: upsertStep(run.steps, { index, kind, name, durationMs, error: error ?? null }) };
    }
    case "evidence": {
      const { items, inContext, tokens } = event.data;
      return { ...run, evidence: { items, inContext, tokens } };
    }
    case "token":
      return { ...run, text: run.text + event.data.text, resetReason: null };
    case "tool.called": {
      const { tool, arguments: args, evidenceId, refused } = event.data;
      return { ...run, tools: [...run.tools, { tool, arguments: args, evidenceId, refused }] };
    }
    case "specialist.done": {
      const { runId: _, ...specialist } = event.data;
      return { ...run, specialists: [...run.specialists.filter((s) => s.specialist !== specialist.specialist), specialist] };
    }
    case "tokens.reset":
      return { ...run, text: "", resetReason: event.data.reason };
    case "rca":
      return { ...run, rca: event.data, resetReason: null };
    case "run.finished":
      return { ...run, status: "succeeded", latencyMs: event.data.latencyMs };
    case "run.failed":
      return { ...run, status: "failed", failure: event.data.error };
    case "run.started":
    case "incident.changed":
      return run;
  }
}

function startRun(event: StreamEvent<"run.started">): LiveRun {
  const { runId, engine, attempt } = event.data;
  return {
    runId,
    engine,
    attempt,
    startedAt: event.at,
    status: "running",
    steps: [],
    evidence: null,
    tools: [],
    specialists: [],
    text: "",
    resetReason: null,
    rca: null,
    latencyMs: null,
    failure: null,
  };
}

/** Applies one event. Repeats (a seq already applied) change nothing; events of a run other
 * than the current one (an interrupted run's stragglers) only move the position on. */
export function reduceStream(state: StreamState, event: AnyStreamEvent): StreamState {
  if (state.lastSeq !== null && BigInt(event.seq) <= BigInt(state.lastSeq)) return state;
  const next = { ...state, lastSeq: event.seq };
  if (event.kind === "run.started") return { ...next, run: startRun(event) };
  if (event.kind === "incident.changed") return next;
  if (!state.run || event.data.runId !== state.run.runId) return next;
  const watchtower = event.kind === "rca" ? (event.data.watchtower ?? state.watchtower) : state.watchtower;
  return { ...next, run: applyToRun(state.run, event), watchtower };
}
