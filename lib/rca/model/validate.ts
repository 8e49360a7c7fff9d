// Decides whether a model's answer may become the incident's RCA. The answer is untrusted:
// it is parsed, checked against the RCA schema, and must cite evidence the model was shown,
// act only on the incident's own workload, and propose only actions that can follow from its
// root cause on that kind of workload (lib/rca/safety.ts, the table the guard also applies).
// Anything else rejects the whole answer — never silently repaired — so a prompt injection
// in a log line cannot steer an action.
import "server-only";
import { rcaSchema, type Rca } from "@/lib/rca/types";
import { rootCauses } from "@/lib/scenarios/schema";
import type { Subject } from "@/lib/evidence/types";
import { unsafeReason } from "@/lib/rca/safety";
import { targetKind } from "@/lib/rca/model/prompt";

export type AnswerVerdict = { ok: true; rca: Rca } | { ok: false; reason: string };
type Loose = Record<string, unknown>;

const FENCE = /^```(?:json|JSON)?\s*\n?([\s\S]*?)\n?```$/;

export function validateAnswer(raw: string, contextIds: Set<string>, subject: Pick<Subject, "namespace" | "name" | "kind">): AnswerVerdict {
  const text = raw.trim();
  if (!text) return { ok: false, reason: "the answer is empty" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(FENCE.exec(text)?.[1] ?? text);
  } catch {
    return { ok: false, reason: `the answer is not a JSON object (it begins ${JSON.stringify(text.slice(0, 60))})` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return { ok: false, reason: "the answer is not a JSON object" };
  const answer = parsed as Loose;

  // Named before the schema speaks, so the corrective message says what was wrong plainly.
  if (typeof answer.rootCause === "string" && !(rootCauses as readonly string[]).includes(answer.rootCause)) {
    return { ok: false, reason: `rootCause "${answer.rootCause.slice(0, 60)}" is not in the taxonomy` };
  }
  // A target without a kind means the incident's own kind, not zod's Deployment default.
  const ownKind = targetKind(subject);
  if (Array.isArray(answer.actions)) {
    answer.actions = answer.actions.map((a: unknown) => {
      const target = (a as Loose | null)?.target as Loose | undefined;
      return target && typeof target === "object" && target.kind === undefined
        ? { ...(a as Loose), target: { ...target, kind: ownKind } }
        : a;
    });
  }

  const result = rcaSchema.safeParse(answer);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "answer"}: ${i.message}`);
    return { ok: false, reason: `the answer does not match the RCA schema (${issues.join("; ")})` };
  }
  const rca = result.data;

  const unknownIds = rca.citations.filter((id) => !contextIds.has(id));
  if (unknownIds.length) return { ok: false, reason: `citations ${unknownIds.slice(0, 5).join(", ")} are not evidence ids in the context` };

  for (const action of rca.actions) {
    const t = action.target;
    if (t.namespace !== subject.namespace || t.name !== subject.name || t.kind !== ownKind) {
      return {
        ok: false,
        reason: `action ${action.action} targets ${t.kind} ${t.namespace}/${t.name}, but actions may only target the incident's workload ${ownKind} ${subject.namespace}/${subject.name}`,
      };
    }
    if (action.action === "scale" && action.replicas === undefined) return { ok: false, reason: "a scale action needs replicas" };
    // The subject's own kind, "unknown" included: no resolved workload, nothing may change.
    const unsafe = unsafeReason(rca.rootCause, action.action, subject.kind);
    if (unsafe) return { ok: false, reason: `action ${action.action} is not allowed: ${unsafe}` };
  }
  return { ok: true, rca: { ...rca, citations: [...new Set(rca.citations)] } };
}
