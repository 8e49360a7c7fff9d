// Cuts the evidence to a token budget for the model: highest score first, the alert always;
// an item that does not fit whole keeps its first lines if they fit (sources put their
// most telling lines first). Local models on CPU read slowly: a small, decisive context
// is the point.
import type { EvidenceItem } from "@/lib/evidence/types";
import { countTokens, itemText } from "@/lib/evidence/tokens";

export const DEFAULT_TOKEN_BUDGET = 3_000;

export type Context = { items: EvidenceItem[]; text: string; tokens: number; dropped: string[] };

export function fitToBudget(items: EvidenceItem[], budget = DEFAULT_TOKEN_BUDGET): Context {
  const ranked = [...items].sort((a, b) => Number(b.source === "alert") - Number(a.source === "alert") || b.score - a.score);
  const chosen: EvidenceItem[] = [];
  const dropped: string[] = [];
  let used = 0;
  for (const item of ranked) {
    const cost = countTokens(itemText(item)) + 1;
    if (used + cost <= budget) {
      chosen.push(item);
      used += cost;
      continue;
    }
    const lines: string[] = [];
    for (const line of item.lines) {
      const next = countTokens(itemText({ ...item, lines: [...lines, line] })) + 1;
      if (used + next > budget) break;
      lines.push(line);
    }
    if (lines.length > 0) {
      const partial = { ...item, lines };
      chosen.push(partial);
      used += countTokens(itemText(partial)) + 1;
    } else dropped.push(item.id);
  }
  // Present in id order (source order), which reads naturally: alert, pods, events, logs...
  chosen.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
  const text = chosen.map(itemText).join("\n");
  return { items: chosen, text, tokens: countTokens(text), dropped };
}
