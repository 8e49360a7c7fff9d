// Token estimate for the context handed to a model. Local models use different
// tokenizers; ~4 characters per token is the usual English/code average and errs on the
// side of a smaller context, which is the point of the budget.
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function itemText(item: { id: string; source: string; title: string; lines: string[] }): string {
  return `[${item.id}] (${item.source}) ${item.title}\n${item.lines.map((l) => `  ${l}`).join("\n")}`;
}
