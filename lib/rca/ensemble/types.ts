// The model as the ensemble uses it: the guarded client, and for the director's answer the
// same streaming hooks the single prompt has.
import type { ModelClient } from "@/lib/model/port";
import type { ModelGuard } from "@/lib/rca/model/resilience";

export type EnsembleModel = {
  client: ModelClient;
  name: string;
  guard: ModelGuard;
  /** Per attempt, as for the single prompt. */
  timeoutMs: number;
  traceparent?: string;
  signal?: AbortSignal;
  /** The director's tokens (specialists do not stream: three answers at once would interleave). */
  onToken?: (piece: string) => void;
  onRetry?: (reason: string) => void;
};
