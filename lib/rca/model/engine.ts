// The model engine: asks the model for a structured RCA (JSON schema as Ollama's `format`,
// temperature 0), streams its tokens, and validates the answer against the evidence and
// the incident's workload. A rejected answer gets one corrective retry naming the reason;
// a second rejection throws ModelAnswerRejected. Each attempt has its own deadline.
import "server-only";
import type { ChatMessage, ChatResult, ModelClient } from "@/lib/model/port";
import type { Context } from "@/lib/evidence/budget";
import type { Subject } from "@/lib/evidence/types";
import type { Rca } from "@/lib/rca/types";
import type { RootCause } from "@/lib/scenarios/schema";
import { answerSchema } from "@/lib/rca/model/answer-schema";
import { buildMessages, correctionMessage, toolsHint } from "@/lib/rca/model/prompt";
import { validateAnswer, type AnswerVerdict } from "@/lib/rca/model/validate";
import { ModelAnswerRejected, ModelTimeoutError } from "@/lib/rca/model/errors";
import { countTokens } from "@/lib/evidence/tokens";
import { TOOL_MAX_TOKENS, type ToolAnswer, type Toolbox } from "@/lib/rca/model/tools";
import { runToolLoop } from "@/lib/rca/model/tool-loop";

/** The first answer and one correction. */
export const MAX_ATTEMPTS = 2;
// Room for the answer: a full RCA is 200–500 tokens; the cap stops a model that rambles.
const ANSWER_TOKENS = 1_024;
// Ollama reloads a model whose num_ctx changes (slow on a CPU): one fixed size that holds
// the default 3,000-token budget with margin (our 4-chars-a-token estimate can undercount
// logs by a third), grown only for larger budgets.
const MIN_NUM_CTX = 8_192;

export type ModelRcaInput = {
  client: ModelClient;
  model: string;
  context: Context;
  subject: Subject;
  alertStart?: Date;
  traceparent?: string;
  onToken?: (piece: string) => void;
  /** Before a corrective attempt: the UI drops the tokens of the rejected answer. */
  onRetry?: (reason: string) => void;
  signal?: AbortSignal;
  /** Per attempt, covering the transport retries inside it. */
  timeoutMs: number;
  /** Read-only tools the model may call before answering (each call: one more evidence item). */
  toolbox?: Toolbox;
  onTool?: (answer: ToolAnswer) => void;
  /** In place of the fixed system prompt (the ensemble's specialists and director). */
  system?: string;
  /** Read after the evidence (the director: the specialists' answers and the vote). */
  notes?: string;
  /** The rule engine's conclusion, read after the evidence as a second opinion the model may overrule. */
  secondOpinion?: Pick<Rca, "rootCause" | "confidence" | "citations">;
  /** The root causes the answer may name: narrows the format, and any other is rejected. */
  causes?: readonly RootCause[];
};

export type ModelRcaResult = { rca: Rca; attempts: number; promptTokens: number; completionTokens: number; modelMs: number; model: string };

export async function modelRca(input: ModelRcaInput): Promise<ModelRcaResult> {
  const { client, model, context, subject, signal, timeoutMs, toolbox, causes } = input;
  const contextIds = new Set(context.items.map((i) => i.id));
  let messages: ChatMessage[] = buildMessages({
    context,
    subject,
    alertStart: input.alertStart,
    system: input.system,
    notes: input.notes,
    secondOpinion: input.secondOpinion,
  });
  const toolTokens = toolbox ? toolbox.remaining() * TOOL_MAX_TOKENS : 0;
  const options = { temperature: 0, num_ctx: numCtx(messages, toolTokens), num_predict: ANSWER_TOKENS };
  const began = performance.now();
  let promptTokens = 0;
  let completionTokens = 0;
  let reason = "";
  // An answer given in the tool round, before any attempt under the answer's schema.
  let pending: ChatResult | null = null;

  if (toolbox && toolbox.remaining() > 0) {
    messages = [...messages, { role: "user", content: toolsHint(toolbox.remaining()) }];
    const loop = await runToolLoop({
      client,
      model,
      messages,
      toolbox,
      options,
      traceparent: input.traceparent,
      signal,
      timeoutMs,
      onToken: input.onToken,
      onRetry: input.onRetry,
      onTool: input.onTool,
    });
    messages = loop.messages;
    promptTokens += loop.promptTokens;
    completionTokens += loop.completionTokens;
    pending = loop.answer;
    for (const item of toolbox.items()) contextIds.add(item.id);
  }
  const format = answerSchema({ subject, contextIds, causes });

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    let result: ChatResult;
    if (pending) {
      result = pending;
      pending = null;
    } else {
      const deadline = AbortSignal.timeout(timeoutMs);
      const attemptSignal = signal ? AbortSignal.any([signal, deadline]) : deadline;
      try {
        result = await client.chat(
          { model, messages, format, options, traceparent: input.traceparent, signal: attemptSignal },
          input.onToken,
        );
      } catch (err) {
        // Not retried: a model that missed one deadline will most likely miss the next.
        if (deadline.aborted && !signal?.aborted) throw new ModelTimeoutError(timeoutMs, err);
        throw err;
      }
      promptTokens += result.promptTokens ?? 0;
      completionTokens += result.completionTokens ?? 0;
    }
    const verdict = allowedCause(validateAnswer(result.content, contextIds, subject), causes);
    if (verdict.ok) {
      return {
        rca: verdict.rca,
        attempts: attempt,
        promptTokens,
        completionTokens,
        modelMs: Math.round(performance.now() - began),
        model: result.model,
      };
    }
    reason = verdict.reason;
    if (attempt < MAX_ATTEMPTS) {
      input.onRetry?.(reason);
      // The rejected answer stays in the conversation (capped) so the model corrects it
      // rather than starting over; the unchanged prefix is served from Ollama's cache.
      messages = [...messages, { role: "assistant", content: result.content.slice(0, 4_000) }, correctionMessage(reason)];
    }
  }
  throw new ModelAnswerRejected(reason, MAX_ATTEMPTS);
}

function allowedCause(verdict: AnswerVerdict, causes?: readonly RootCause[]): AnswerVerdict {
  if (!verdict.ok || !causes || causes.includes(verdict.rca.rootCause)) return verdict;
  return { ok: false, reason: `rootCause "${verdict.rca.rootCause}" is not allowed here: answer one of ${causes.join(", ")}` };
}

function numCtx(messages: ChatMessage[], toolTokens = 0): number {
  const prompt = countTokens(messages.map((m) => m.content).join("\n")) + toolTokens;
  const needed = Math.ceil(prompt * 1.5) + ANSWER_TOKENS * 2;
  return Math.max(MIN_NUM_CTX, Math.ceil(needed / 2_048) * 2_048);
}
