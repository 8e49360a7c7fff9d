// The model's optional read-only investigation before it answers: each round the model
// either answers or asks for tools; the toolbox runs them (bounded: step limit, output
// caps, no repeats) and their answers join the conversation as cited evidence. The loop
// ends when the model answers, the steps run out, or a round asks for nothing new.
import "server-only";
import type { ChatMessage, ChatResult, ModelClient } from "@/lib/model/port";
import type { ToolAnswer, Toolbox } from "@/lib/rca/model/tools";
import { ModelTimeoutError } from "@/lib/rca/model/errors";

export type ToolLoopInput = {
  client: ModelClient;
  model: string;
  messages: ChatMessage[];
  toolbox: Toolbox;
  options: Record<string, number>;
  traceparent?: string;
  signal?: AbortSignal;
  timeoutMs: number;
  onToken?: (piece: string) => void;
  onRetry?: (reason: string) => void;
  onTool?: (answer: ToolAnswer) => void;
};

export type ToolLoopResult = {
  messages: ChatMessage[];
  /** The model's answer when it gave one without asking for more tools. */
  answer: ChatResult | null;
  promptTokens: number;
  completionTokens: number;
};

export async function runToolLoop(input: ToolLoopInput): Promise<ToolLoopResult> {
  const { client, toolbox, signal, timeoutMs } = input;
  const messages = [...input.messages];
  let promptTokens = 0;
  let completionTokens = 0;
  while (toolbox.remaining() > 0) {
    const deadline = AbortSignal.timeout(timeoutMs);
    const roundSignal = signal ? AbortSignal.any([signal, deadline]) : deadline;
    let result: ChatResult;
    try {
      result = await client.chat(
        { model: input.model, messages, tools: toolbox.specs, options: input.options, traceparent: input.traceparent, signal: roundSignal },
        input.onToken,
      );
    } catch (err) {
      if (deadline.aborted && !signal?.aborted) throw new ModelTimeoutError(timeoutMs, err);
      throw err;
    }
    promptTokens += result.promptTokens ?? 0;
    completionTokens += result.completionTokens ?? 0;
    if (result.toolCalls.length === 0) return { messages, answer: result, promptTokens, completionTokens };
    // Text streamed beside tool calls is thinking aloud, not the answer.
    if (result.content) input.onRetry?.("the model asked for more evidence");
    messages.push({ role: "assistant", content: result.content, toolCalls: result.toolCalls });
    let fresh = 0;
    for (const call of result.toolCalls) {
      const answer = await toolbox.run(call);
      if (answer.item) fresh += 1;
      input.onTool?.(answer);
      messages.push({ role: "tool", toolName: call.name, content: answer.text });
    }
    // A round of only refused calls (repeats, unknown tools) will not get better: stop.
    if (fresh === 0) break;
  }
  return { messages, answer: null, promptTokens, completionTokens };
}
