// The top of a lineage: the alerts, then per investigation the evidence it collected and
// the engines that reasoned over it — the model call beside the rule engine, each saying
// whether its answer was used. Pure.
import type { EvidenceDetail } from "@/lib/lineage/types";
import { parseCitations, parseCollectOutput, parseEngineOutput, parseRetry, parseToolCall, stringMap } from "@/lib/lineage/stored";
import { clock, iso, joinFacts, nodeIds, plural, type AlertRecord, type Emit, type RunRecord } from "@/lib/lineage/records";
import { rootCauseText } from "@/lib/rca/labels";
import { formatDuration } from "@/lib/incidents/run-view";

/** Adds the alerts, oldest first; returns them in that order. */
export function alertNodes(alerts: AlertRecord[], emit: Emit): AlertRecord[] {
  const sorted = [...alerts].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.fingerprint.localeCompare(b.fingerprint));
  for (const a of sorted) {
    const labels = stringMap(a.labels);
    const where = [labels.namespace, labels.deployment ?? labels.pod ?? labels.statefulset].filter(Boolean).join("/");
    emit<"alert">({
      id: nodeIds.alert(a.id),
      kind: "alert",
      at: iso(a.startsAt),
      title: a.alertname,
      summary: joinFacts(
        a.status,
        a.severity,
        where || null,
        `started ${clock(a.startsAt)}`,
        a.receiveCount > 1 && `received ${a.receiveCount}×`,
      ),
      ref: { type: "Alert", id: a.id },
      detail: {
        alertname: a.alertname,
        status: a.status,
        severity: a.severity,
        fingerprint: a.fingerprint,
        startsAt: a.startsAt.toISOString(),
        endsAt: iso(a.endsAt),
        resolvedAt: iso(a.resolvedAt),
        receiveCount: a.receiveCount,
        labels,
        annotations: stringMap(a.annotations),
        generatorURL: a.generatorURL,
        raw: a.raw,
      },
      parents: [],
    });
  }
  return sorted;
}

/**
 * Adds one investigation: its evidence (linked to the alerts it could have read), and its
 * engines. Returns the id of the node its proposals came from: the engine whose RCA was
 * used, or the evidence when no engine answered.
 */
export function runNodes(run: RunRecord, alerts: AlertRecord[], emit: Emit): string {
  const collect = run.steps.find((s) => s.kind === "collect");
  const engine = run.steps.find((s) => s.kind === "engine");
  const started = run.startedAt ?? run.createdAt;
  // The alerts the run could have read: those received before it started.
  const seen = alerts.filter((a) => a.firstReceivedAt.getTime() <= started.getTime());
  const citations = new Set(parseCitations(run.result) ?? []);
  const items = [...run.evidence].sort(byRef).map((e) => ({ ...e, cited: e.ref !== null && citations.has(e.ref) }));
  const inContext = items.filter((i) => i.inContext);
  const contextTokens = inContext.reduce((n, i) => n + i.tokens, 0);
  const redactions = items.reduce((n, i) => n + i.redactions, 0);
  const collected = parseCollectOutput(collect?.output);
  const evidenceError = collect?.error ?? (items.length === 0 && run.status === "failed" ? run.error : null);
  const sources = [...new Set(items.map((i) => i.source))];
  const evidence = emit<"evidence">({
    id: nodeIds.evidence(run.id),
    kind: "evidence",
    at: iso(collect?.startedAt ?? started),
    title: `Evidence · investigation ${run.attempt}`,
    summary: evidenceError
      ? `collection failed: ${evidenceError}`
      : joinFacts(
          `${plural(items.length, "item")}${sources.length ? ` from ${sources.slice(0, 4).join(", ")}${sources.length > 4 ? "…" : ""}` : ""}`,
          `${inContext.length} in the prompt (${plural(contextTokens, "token")})`,
          redactions > 0 && plural(redactions, "redaction"),
        ),
    ref: collect ? { type: "AgentStep", id: collect.id } : { type: "AgentRun", id: run.id },
    detail: {
      runId: run.id,
      attempt: run.attempt,
      runStatus: run.status,
      subject: collected?.subject ?? null,
      durationMs: collect?.durationMs ?? null,
      items: items.map((i) => ({
        id: i.id,
        ref: i.ref,
        source: i.source,
        title: i.title,
        tokens: i.tokens,
        inContext: i.inContext,
        redactions: i.redactions,
        cited: i.cited,
        content: i.content,
      })),
      inContext: inContext.length,
      contextTokens,
      redactions,
      error: evidenceError,
    } satisfies EvidenceDetail,
    parents: (seen.length ? seen : alerts).map((a) => nodeIds.alert(a.id)),
  });
  let proposer = evidence.id;
  if (!engine) return proposer;

  const output = parseEngineOutput(engine.output);
  const modelName = engine.name.startsWith("model ") ? engine.name.slice("model ".length) : run.model;
  // An ensemble whose specialists or director the model answered counts as the model's answer.
  const answered = output?.engine === "model" || (output?.engine === "ensemble" && run.model !== null);
  const finished = engine.finishedAt !== null;
  const fallbackReason = output?.fallbackReason ?? (answered ? null : run.error);
  const citationsOf = (used: boolean) => (used ? (output?.citations ?? []) : []);
  if (modelName) {
    const events = run.events;
    const retries = events.filter((e) => e.kind === "tokens.reset").flatMap((e) => parseRetry(e.data) ?? []);
    const toolCalls = events.filter((e) => e.kind === "tool.called").flatMap((e) => parseToolCall(e.data) ?? []);
    const skipped = !answered && !!fallbackReason?.startsWith("model skipped");
    const stated = Number(/after (\d+) attempts/.exec(fallbackReason ?? "")?.[1] ?? 0);
    const attempts = skipped ? 0 : Math.max(1 + retries.length, stated);
    const outcome = engine.error ? "failed" : !finished ? "running" : answered ? "answered" : skipped ? "skipped" : "fell_back";
    const latencyMs = output?.modelMs ?? null;
    const node = emit<"model_call">({
      id: nodeIds.model(run.id),
      kind: "model_call",
      at: iso(engine.startedAt),
      title: `Model call · ${modelName}`,
      summary: joinFacts(
        { answered: "answered", fell_back: "fell back to the rules", skipped: "not asked", running: "running", failed: "failed" }[outcome],
        run.promptTokens !== null && `${plural(run.promptTokens, "prompt token")}`,
        latencyMs !== null && !skipped && formatDuration(latencyMs),
        !skipped && finished && plural(attempts, "attempt"),
        toolCalls.length > 0 && plural(toolCalls.length, "tool call"),
        !answered && fallbackReason,
      ),
      ref: { type: "AgentStep", id: engine.id },
      detail: {
        runId: run.id,
        model: modelName,
        outcome,
        promptTokens: run.promptTokens,
        completionTokens: run.completionTokens,
        latencyMs,
        attempts,
        retries,
        fallbackReason: answered ? null : fallbackReason,
        toolCalls,
        rootCause: answered ? (output?.rootCause ?? null) : null,
        confidence: answered ? (output?.confidence ?? null) : null,
        citations: citationsOf(answered),
        watchtower: output?.watchtower ?? null,
        stepDurationMs: engine.durationMs,
        error: engine.error,
      },
      parents: [evidence.id],
    });
    if (answered) proposer = node.id;
  }
  const primary = finished && !answered;
  const rules = emit<"rules">({
    id: nodeIds.rules(run.id),
    kind: "rules",
    at: iso(engine.startedAt),
    title: "Rule engine",
    summary: engine.error
      ? `failed: ${engine.error}`
      : !finished
        ? "running"
        : primary && output
          ? joinFacts(
              rootCauseText(output.rootCause ?? "unknown"),
              output.confidence !== null && `confidence ${output.confidence.toFixed(2)}`,
              output.citations.length > 0 && `cites ${output.citations.join(", ")}`,
            )
          : "ran beside the model; the model's answer was used",
    ref: primary ? { type: "AgentRun", id: run.id } : { type: "AgentStep", id: engine.id },
    detail: {
      runId: run.id,
      primary,
      rootCause: primary ? (output?.rootCause ?? null) : null,
      confidence: primary ? (output?.confidence ?? null) : null,
      citations: citationsOf(primary),
      fallbackReason: modelName && primary ? fallbackReason : null,
      durationMs: engine.durationMs,
      error: engine.error,
    },
    parents: [evidence.id],
  });
  if (primary) proposer = rules.id;
  return proposer;
}

/** E1, E2, …, E10 in number order; items without a ref last. */
function byRef(a: { ref: string | null }, b: { ref: string | null }): number {
  const n = (r: string | null) => (r && /^E\d+$/.test(r) ? Number(r.slice(1)) : Number.MAX_SAFE_INTEGER);
  return n(a.ref) - n(b.ref);
}
