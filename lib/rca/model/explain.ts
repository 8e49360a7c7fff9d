// Why the model's answer is not the one used, in words a person reads on the incident: the
// same sentence whether the single prompt, an ensemble specialist or the director failed.
import "server-only";
import { ModelError } from "@/lib/model/model-error";
import { CircuitOpenError, ModelAnswerRejected, ModelTimeoutError } from "@/lib/rca/model/errors";

export function explainModelFailure(err: unknown): string {
  if (err instanceof CircuitOpenError) return `model skipped: ${err.message}`;
  if (err instanceof ModelTimeoutError) return `model timed out: ${err.message}`;
  if (err instanceof ModelAnswerRejected) return `model answer rejected after ${err.attempts} attempts: ${err.reason}`;
  if (err instanceof ModelError) return `model unavailable: ${err.message}`;
  // Anything else is a bug on our side; still, the incident gets the rules' analysis.
  return `model failed: ${err instanceof Error ? err.message : String(err)}`;
}
