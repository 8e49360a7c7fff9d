// Counts what a model client was asked and what it cost: every request, failed ones too,
// and the tokens Ollama reported. The eval sums these over the ensemble's calls.
import type { ModelClient } from "@/lib/model/port";

export type Usage = { calls: number; promptTokens: number; completionTokens: number };

export const noUsage = (): Usage => ({ calls: 0, promptTokens: 0, completionTokens: 0 });

export function addUsage(...all: Usage[]): Usage {
  return all.reduce(
    (sum, u) => ({
      calls: sum.calls + u.calls,
      promptTokens: sum.promptTokens + u.promptTokens,
      completionTokens: sum.completionTokens + u.completionTokens,
    }),
    noUsage(),
  );
}

export function metered(client: ModelClient): { client: ModelClient; usage: Usage } {
  const usage = noUsage();
  return {
    usage,
    client: {
      async chat(request, onToken) {
        usage.calls++;
        const result = await client.chat(request, onToken);
        usage.promptTokens += result.promptTokens ?? 0;
        usage.completionTokens += result.completionTokens ?? 0;
        return result;
      },
      listModels: (signal) => client.listModels(signal),
    },
  };
}
