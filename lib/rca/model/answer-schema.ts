// The JSON schema sent as Ollama's `format`: derived from the RCA's zod schema, so the two
// cannot drift, then narrowed to this incident — its evidence ids, its one workload and the
// actions that workload's kind supports (lib/rca/safety.ts) — so a grammar-constrained model
// cannot even spell an answer outside them. Validation (validate.ts) still checks everything:
// not every server honours `format`.
import "server-only";
import { z } from "zod";
import { rcaSchema } from "@/lib/rca/types";
import type { Subject } from "@/lib/evidence/types";
import { actionKinds } from "@/lib/scenarios/schema";
import { actionsForKind } from "@/lib/rca/safety";
import { targetKind } from "@/lib/rca/model/prompt";

type Json = Record<string, unknown>;

// Ollama compiles `format` into a sampling grammar in which key order is fixed. Reasoning
// first gives small models room to think before they commit to a cause. `missing` (optional:
// what would have decided an `unknown`) comes last, once the answer is settled.
const ORDER = ["reasoning", "citations", "rootCause", "confidence", "summary", "actions"] as const;
const OPTIONAL = ["missing"] as const;

/** `causes`: the root causes this answer may name (an ensemble specialist's domain, the director's vote winners). */
export type AnswerScope = { subject: Subject; contextIds: Iterable<string>; causes?: readonly string[] };

export function answerSchema(scope?: AnswerScope): Json {
  const base = z.toJSONSchema(rcaSchema, { io: "input" }) as Json;
  const props = base.properties as Record<string, Json>;
  const properties: Record<string, Json> = {};
  for (const key of [...ORDER, ...OPTIONAL]) properties[key] = simplify(props[key]!);
  const action = simplify((props.actions!.items as Json) ?? {});

  if (scope) {
    const ids = [...scope.contextIds];
    if (ids.length) properties.citations = { ...properties.citations, items: { type: "string", enum: ids } };
    if (scope.causes?.length) properties.rootCause = { type: "string", enum: [...scope.causes] };
    // Only what the workload's kind supports: a Job, CronJob, Pod or unresolved workload
    // gets `none` alone. Which action follows from which cause is validate.ts's to check.
    action.properties = {
      ...(action.properties as Json),
      target: targetSchema(scope.subject),
      action: { type: "string", enum: offeredActions(scope.subject) },
    };
  }
  return {
    type: "object",
    properties: { ...properties, actions: { ...properties.actions, items: action } },
    required: [...ORDER],
    additionalProperties: false,
  };
}

/** The actions the incident's workload supports, in the taxonomy's order, `none` always among them. */
export function offeredActions(subject: Pick<Subject, "kind">): string[] {
  const supported: readonly string[] = subject.kind === "unknown" ? [] : actionsForKind[subject.kind];
  return actionKinds.filter((a) => a === "none" || supported.includes(a));
}

function targetSchema(subject: Subject): Json {
  const kind = targetKind(subject);
  return {
    type: "object",
    properties: {
      kind: { type: "string", enum: [kind] },
      namespace: { type: "string", enum: [subject.namespace] },
      name: { type: "string", enum: [subject.name] },
    },
    required: ["kind", "namespace", "name"],
    additionalProperties: false,
  };
}

/**
 * Drops what costs a grammar much and the model nothing: string length bounds (a
 * {0,4000} repetition expands into thousands of grammar rules), patterns, defaults and
 * `$schema`. Objects get `additionalProperties: false` so no stray keys are sampled.
 * validate.ts enforces the dropped bounds on the answer.
 */
function simplify(node: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (["$schema", "default", "minLength", "maxLength", "pattern"].includes(key)) continue;
    if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, Json>).map(([k, v]) => [k, simplify(v)]));
    } else if (key === "items") out.items = simplify(value as Json);
    else out[key] = value;
  }
  if (out.type === "object") out.additionalProperties = false;
  return out;
}
