// The typed events of an incident's live stream, declared once for the server that writes
// them and the console that reads them.
import type { Rca } from "@/lib/rca/types";

export type StreamEventData = {
  "run.started": { runId: string; engine: string; attempt: number };
  "step.started": { runId: string; index: number; kind: string; name: string };
  "step.finished": { runId: string; index: number; name: string; durationMs: number; error?: string };
  evidence: { runId: string; items: number; inContext: number; tokens: number };
  token: { runId: string; text: string };
  /** The model called a read-only tool: the evidence id of its answer, or why it was refused. */
  "tool.called": { runId: string; tool: string; arguments: Record<string, unknown>; evidenceId: string | null; refused: string | null };
  /** Ensemble mode: one specialist has answered (its vote; `unknown` abstains) — the model's, or its rule-based stand-in's. */
  "specialist.done": {
    runId: string;
    specialist: string;
    source: "model" | "rules";
    rootCause: string;
    confidence: number;
    citations: string[];
    fallbackReason: string | null;
  };
  /** The model's answer so far is void (it was rejected, or the request is retried). */
  "tokens.reset": { runId: string; reason: string };
  rca: { runId: string; engine: string; rca: Rca; fallbackReason?: string; watchtower?: { active: boolean; reason: string | null } };
  "run.finished": { runId: string; engine: string; rootCause: string; confidence: number; latencyMs: number };
  "run.failed": { runId: string; error: string };
  /** A person acted on the incident (acknowledged, assigned, noted, resolved, reopened...): refetch it. */
  "incident.changed": { what: string };
};

export type StreamEventKind = keyof StreamEventData;

export type StreamEvent<K extends StreamEventKind = StreamEventKind> = { seq: string; kind: K; at: string; data: StreamEventData[K] };

export const STREAM_CHANNEL = "vigil_stream";
