// A workload's `spec.selector` (matchLabels and matchExpressions) as the `labelSelector` query
// string the API server takes, so "the pods of this Deployment" is one list call.
import type { V1LabelSelector } from "@kubernetes/client-node";

const operators: Record<string, (key: string, values: string[]) => string> = {
  In: (key, values) => `${key} in (${values.join(",")})`,
  NotIn: (key, values) => `${key} notin (${values.join(",")})`,
  Exists: (key) => key,
  DoesNotExist: (key) => `!${key}`,
};

/**
 * Null for a selector that selects nothing (absent); "" for one that selects everything
 * (empty), following metav1.LabelSelectorAsSelector.
 */
export function labelSelectorString(selector: V1LabelSelector | null | undefined): string | null {
  if (!selector) return null;
  const terms = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expression of selector.matchExpressions ?? []) {
    const render = operators[expression.operator];
    if (!render) throw new Error(`unsupported label selector operator ${JSON.stringify(expression.operator)} for key ${expression.key}`);
    terms.push(render(expression.key, [...(expression.values ?? [])].sort()));
  }
  return terms.join(",");
}
