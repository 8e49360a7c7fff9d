// A node's record as a person reads it: the few facts that matter for its kind, labelled,
// in order (the whole record stays available as JSON). Pure; safe in the browser.
import type { LineageKind, LineageNode } from "@/lib/lineage/types";
import { formatDuration } from "@/lib/incidents/run-view";
import { rootCauseText } from "@/lib/rca/labels";

export type Fact = { label: string; value: string; mono?: boolean; tone?: "ok" | "bad"; testId?: string };

export const kindLabel: Record<LineageKind, string> = {
  alert: "Alert",
  evidence: "Evidence",
  model_call: "Model call",
  rules: "Rule engine",
  proposal: "Proposal",
  policy: "Policy verdict",
  approval: "Approval",
  kubernetes_request: "Kubernetes request",
  verification: "Verification",
  rollback: "Rollback",
  command: "Person",
};

const when = (iso: string | null) =>
  iso
    ? iso
        .replace("T", " ")
        .replace(/\.\d+Z$/, "Z")
        .replace("Z", " UTC")
    : "—";
const yes = (ok: boolean | null, good: string, bad: string, unknown = "unknown"): Pick<Fact, "value" | "tone"> =>
  ok === null ? { value: unknown } : { value: ok ? good : bad, tone: ok ? "ok" : "bad" };
const opt = (label: string, value: string | number | null | undefined, extra: Partial<Fact> = {}): Fact[] =>
  value === null || value === undefined || value === "" ? [] : [{ label, value: String(value), ...extra }];

export function recordFacts(node: LineageNode): Fact[] {
  switch (node.kind) {
    case "alert": {
      const d = node.detail;
      return [
        { label: "Status", value: d.status, tone: d.status === "resolved" ? "ok" : "bad" },
        { label: "Severity", value: d.severity },
        { label: "Fingerprint", value: d.fingerprint, mono: true },
        { label: "Started", value: when(d.startsAt) },
        ...opt("Resolved", d.resolvedAt && when(d.resolvedAt)),
        { label: "Deliveries", value: String(d.receiveCount) },
        ...opt("Summary", d.annotations.summary ?? d.annotations.description),
        ...opt("Source", d.generatorURL, { mono: true }),
      ];
    }
    case "evidence": {
      const d = node.detail;
      return [
        { label: "Investigation", value: `attempt ${d.attempt} · ${d.runStatus}` },
        ...opt("Workload", d.subject && `${d.subject.kind} ${d.subject.namespace}/${d.subject.name}`),
        { label: "Items", value: `${d.items.length} collected, ${d.inContext} in the prompt` },
        { label: "Prompt evidence", value: `${d.contextTokens.toLocaleString("en-US")} tokens` },
        { label: "Redactions", value: String(d.redactions) },
        ...opt("Took", d.durationMs !== null ? formatDuration(d.durationMs) : null),
        ...opt("Error", d.error, { tone: "bad" }),
      ];
    }
    case "model_call": {
      const d = node.detail;
      return [
        { label: "Model", value: d.model, mono: true, testId: "record-model" },
        {
          label: "Outcome",
          value: {
            answered: "answered: its RCA was used",
            fell_back: "fell back to the rule engine",
            skipped: "not asked",
            running: "running",
            failed: "failed",
          }[d.outcome],
          tone: d.outcome === "answered" ? "ok" : d.outcome === "running" ? undefined : "bad",
        },
        ...opt("Prompt size", d.promptTokens !== null ? `${d.promptTokens.toLocaleString("en-US")} tokens of evidence` : null, {
          testId: "record-prompt-tokens",
        }),
        ...opt("Completion", d.completionTokens !== null ? `${d.completionTokens.toLocaleString("en-US")} tokens` : null),
        ...opt("Latency", d.latencyMs !== null ? formatDuration(d.latencyMs) : null, { testId: "record-latency" }),
        { label: "Attempts", value: String(d.attempts) },
        ...opt("Fallback reason", d.fallbackReason, { tone: "bad" }),
        ...opt("Root cause", d.rootCause && rootCauseText(d.rootCause)),
        ...opt("Confidence", d.confidence?.toFixed(2)),
        ...opt("Cites", d.citations.join(", "), { mono: true }),
        ...opt("Watchtower", d.watchtower?.active ? (d.watchtower.reason ?? "on") : null, { tone: "bad" }),
        ...opt("Error", d.error, { tone: "bad" }),
      ];
    }
    case "rules": {
      const d = node.detail;
      return [
        { label: "Used", value: d.primary ? "yes: its RCA is the one shown" : "no: the model's answer was used" },
        ...opt("Root cause", d.rootCause && rootCauseText(d.rootCause)),
        ...opt("Confidence", d.confidence?.toFixed(2)),
        ...opt("Cites", d.citations.join(", "), { mono: true }),
        ...opt("Because", d.fallbackReason),
        ...opt("Took", d.durationMs !== null ? formatDuration(d.durationMs) : null),
        ...opt("Error", d.error, { tone: "bad" }),
      ];
    }
    case "proposal":
    case "rollback": {
      const d = node.detail;
      return [
        { label: "Action", value: d.kind },
        { label: "Target", value: `${d.target.kind} ${d.target.namespace}/${d.target.name}`, mono: true },
        ...opt("Replicas", d.replicas),
        { label: "Risk", value: d.risk },
        ...opt("Confidence", d.confidence?.toFixed(2)),
        { label: "State", value: d.state.replace(/_/g, " ") },
        { label: "Rationale", value: d.rationale },
        ...opt("Undoes action", d.rollbackOf, { mono: true }),
      ];
    }
    case "policy": {
      const d = node.detail;
      const p = d.preview;
      return [
        { label: "Verdict", ...yes(d.allowed, "allowed", "refused", "not assessed") },
        { label: "Approvers needed", value: `${d.requiredApprovals}${d.highRisk ? " (high risk)" : ""}` },
        ...opt("Autonomous", d.autonomous && `${d.autonomous.allowed ? "allowed" : "no"}: ${d.autonomous.reason}`),
        ...(p
          ? [
              { label: "Preview", value: p.summary, testId: "record-preview-summary" },
              { label: "Dry run", ...yes(p.dryRun.ok, "accepted by the API server", `failed: ${p.dryRun.error ?? "unknown error"}`) },
              ...opt("resourceVersion", p.resourceVersion, { mono: true }),
              ...opt("Generation", p.generation),
              ...opt("Preview hash", p.previewHash, { mono: true }),
            ]
          : []),
      ];
    }
    case "approval": {
      const d = node.detail;
      return [
        { label: "Decision", value: d.decision, tone: d.decision === "approved" ? "ok" : "bad" },
        d.by
          ? { label: "Who", value: d.by.name ? `${d.by.name} <${d.by.email}>` : d.by.email, testId: "record-approver" }
          : { label: "Who", value: `autonomous policy ${d.autonomousPolicy ?? ""}`.trim(), testId: "record-approver" },
        { label: "When", value: when(d.at), testId: "record-approved-at" },
        ...opt("Expires", d.expiresAt && when(d.expiresAt)),
        ...opt("Used", d.usedAt && when(d.usedAt)),
        ...opt("Bound to preview", d.previewHash, { mono: true }),
        ...opt("At resourceVersion", d.resourceVersion, { mono: true }),
        ...opt("Comment", d.comment),
      ];
    }
    case "kubernetes_request": {
      const d = node.detail;
      return [
        { label: "Request", value: d.request, mono: true, testId: "record-request" },
        ...opt("Content-Type", d.contentType, { mono: true }),
        { label: "Field manager", value: d.fieldManager, mono: true },
        {
          label: "Response",
          value:
            d.outcome === "applied"
              ? `${d.status ?? "?"}`
              : d.outcome === "in_flight"
                ? "no answer recorded yet"
                : `${d.outcome === "not_sent" ? "not sent" : `failed${d.status ? ` ${d.status}` : ""}`}: ${d.error ?? "unknown"}`,
          tone: d.outcome === "applied" ? "ok" : d.outcome === "in_flight" ? undefined : "bad",
          testId: "record-response",
        },
        {
          label: "resourceVersion",
          value: `${d.resourceVersion.before ?? "?"} → ${d.resourceVersion.after ?? "?"}`,
          mono: true,
          testId: "record-resource-version",
        },
        ...opt("Generation", d.generation),
        ...opt("Revision at write", d.revisionAtWrite),
        ...opt("Trace annotation", d.traceAnnotation && `vigil.dev/trace-id=${d.traceAnnotation}`, {
          mono: true,
          testId: "record-trace-annotation",
        }),
        ...opt("Allowed by", d.autonomousPolicy && `autonomous policy ${d.autonomousPolicy}`),
        ...opt("Sent", d.sentAt && when(d.sentAt)),
        ...opt("Answered", d.answeredAt && when(d.answeredAt)),
      ];
    }
    case "verification": {
      const d = node.detail;
      return [
        {
          label: "Status",
          value: d.status,
          tone: d.status === "verified" ? "ok" : d.status === "ineffective" ? "bad" : undefined,
          testId: "record-verification",
        },
        { label: "Rollout", ...yes(d.rollout.ok, d.rollout.detail, d.rollout.detail, d.rollout.detail) },
        ...opt("Revision", d.rollout.revision),
        { label: "Alerts", ...yes(d.alerts.ok, d.alerts.detail, d.alerts.detail, d.alerts.detail) },
        { label: "PromQL", ...yes(d.promql.ok, d.promql.detail, d.promql.detail, d.promql.detail) },
        ...opt("Checked", d.checkedAt && when(d.checkedAt)),
        ...opt("Decided", d.verifiedAt && when(d.verifiedAt)),
      ];
    }
    case "command": {
      const d = node.detail;
      return [
        { label: "Command", value: d.action, mono: true },
        { label: "By", value: d.by ?? "a former user" },
        ...opt("Reason", d.reason),
        { label: "When", value: when(node.at) },
      ];
    }
  }
}
