// Answers a fake Ollama can give without a model: a valid, minimal RCA built from the
// prompt itself (the workload it names, the first evidence id it shows). For the bench and
// tests that exercise the model path's plumbing, not a model's judgement.
import type { FakeChatBody } from "@/lib/model/fake-ollama";

export function plumbingAnswer(body: FakeChatBody): string {
  const text = body.messages.map((m) => m.content).join("\n");
  const workload = /Incident workload: (\{[^}]*\})/.exec(text);
  const target = workload
    ? (JSON.parse(workload[1]!) as { kind: string; namespace: string; name: string })
    : { kind: "Deployment", namespace: "default", name: "unknown" };
  const cite = /\[(E\d+)\]/.exec(text)?.[1] ?? "E1";
  return JSON.stringify({
    reasoning: `The evidence in ${cite} does not single out a cause.`,
    citations: [cite],
    rootCause: "unknown",
    confidence: 0.4,
    summary: "No cause stands out in the evidence.",
    actions: [{ action: "none", target, risk: "low", rationale: "Nothing to change automatically." }],
  });
}
