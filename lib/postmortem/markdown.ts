// The template engine: a post-mortem in Markdown from the facts alone — deterministic, always
// available. With a model's narrative it is spliced in: the model's prose replaces the
// template's Summary, adds a paragraph to Impact and suggestions to Follow-ups; every other
// section (timeline, root cause, decisions, actions, verification) is written from the facts.
import { code, fence, formatDuration, inline, prose, utc } from "@/lib/postmortem/format";
import type { DraftMeta, Narrative, PostmortemFacts } from "@/lib/postmortem/types";

export const SECTIONS = [
  "Summary",
  "Impact",
  "Timeline (UTC)",
  "Root cause",
  "Decisions",
  "What was done",
  "What verified it",
  "Follow-ups",
] as const;

const pct = (n: number) => `${Math.round(n * 100)}%`;
const mark = (ok: boolean | null) => (ok === true ? "✓" : ok === false ? "✗" : "–");

function workload(f: PostmortemFacts): string {
  const { namespace, workload, workloadKind } = f.incident;
  if (!workload) return namespace ? `namespace ${code(namespace)}` : "not identified";
  return `${workloadKind ?? "workload"} ${code(`${namespace ? `${namespace}/` : ""}${workload}`)}`;
}

function engineLine(meta: DraftMeta): string {
  const when = utc(meta.generatedAt);
  if (meta.engine === "model") {
    return `Drafted ${when} with the model ${code(meta.model ?? "?")}: it wrote the narrative of Summary, Impact and Follow-ups; every other section comes from Vigil's records and audit trail.`;
  }
  const fallback = meta.fallbackReason ? ` (the model was not used: ${inline(meta.fallbackReason)})` : "";
  return `Drafted ${when} by the template engine from Vigil's records and audit trail${fallback}.`;
}

function summary(f: PostmortemFacts): string {
  const i = f.incident;
  const parts = [
    `INC-${i.number} (${i.severity}) affected ${workload(f)} for ${formatDuration(f.impact.durationMs)}${f.impact.ongoing ? " so far" : ""}.`,
  ];
  const rc = f.rootCause;
  parts.push(
    rc ? `Root cause: **${inline(rc.label)}** (confidence ${pct(rc.confidence)}): ${inline(rc.summary)}` : "No root cause was recorded.",
  );
  const ran = f.executed.filter((e) => e.state !== "failed");
  if (ran.length === 0) parts.push(f.executed.length ? "The action tried on the cluster failed." : "Vigil made no change to the cluster.");
  for (const e of ran) {
    const v = f.verification.find((x) => x.actionId === e.actionId);
    const outcome = v?.effective === true ? "verified effective" : v?.effective === false ? "not effective" : "not verified yet";
    parts.push(
      `${inline(e.title)} ran on the cluster${e.authorizedBy.length ? ` (authorized by ${e.authorizedBy.map(inline).join(", ")})` : ""}: ${outcome}.`,
    );
  }
  parts.push(i.resolvedAt ? `Resolved ${utc(i.resolvedAt)}.` : `Still ${i.state.replace(/_/g, " ")} as of ${utc(f.impact.asOf)}.`);
  return parts.join(" ");
}

function impact(f: PostmortemFacts, narrative?: Narrative): string {
  const i = f.incident;
  const m = f.impact;
  const ms = (v: number | null, none: string) => (v === null ? none : formatDuration(v));
  const lines = [
    `- **Severity:** ${i.severity}`,
    `- **Affected workload:** ${workload(f)}`,
    `- **Duration:** ${formatDuration(m.durationMs)}${m.ongoing ? ` so far (open since ${utc(i.openedAt)})` : ` (${utc(i.openedAt)} → ${utc((i.resolvedAt ?? i.closedAt)!)})`}`,
    `- **Time to acknowledge (MTTA, a person):** ${ms(m.mttaMs, "not acknowledged")}`,
    `- **Time to first RCA (Vigil):** ${ms(m.firstRcaMs ?? null, "no RCA")}`,
    `- **Time to mitigate:** ${ms(m.mitigateMs, "not mitigated")}`,
    `- **Time to resolve (MTTR):** ${ms(m.mttrMs, "not resolved")}`,
    `- **Alerts:** ${m.alerts.length}${m.firing ? `, ${m.firing} still firing` : ""}${m.truncatedAlerts ? ` (Alertmanager left out ${m.truncatedAlerts} more)` : ""}`,
    ...m.alerts.map((a) => {
      const span = a.endsAt && a.status === "resolved" ? `${utc(a.startsAt)} → ${utc(a.endsAt)}` : `firing since ${utc(a.startsAt)}`;
      return `  - ${code(a.alertname)} (${a.severity}, ${a.status}): ${span}, ${a.deliveries} deliver${a.deliveries === 1 ? "y" : "ies"}${a.summary ? ` — ${inline(a.summary)}` : ""}`;
    }),
  ];
  return narrative?.impact ? `${lines.join("\n")}\n\n${prose(narrative.impact)}` : lines.join("\n");
}

function timeline(f: PostmortemFacts): string {
  if (f.timeline.length === 0) return "_No audit events were recorded._";
  let day = "";
  return f.timeline
    .map((t) => {
      const date = t.at.slice(0, 10);
      const when = date === day ? t.at.slice(11, 19) : `${date} ${t.at.slice(11, 19)}`;
      day = date;
      return `- **${when}** ${inline(t.text)}${t.repeats > 1 ? ` (×${t.repeats}, the last at ${t.lastAt.slice(11, 19)})` : ""} — _${inline(t.actor)}_`;
    })
    .join("\n");
}

function rootCause(f: PostmortemFacts): string {
  const rc = f.rootCause;
  if (!rc) return "_No root-cause analysis was recorded for this incident._";
  const by = `${rc.engine === "model" ? "model" : rc.engine === "rules" ? "rule engine" : inline(rc.engine)}${rc.model ? ` ${code(rc.model)}` : ""}`;
  const out = [`**${inline(rc.label)}** (${code(rc.cause)}), confidence ${pct(rc.confidence)}, by the ${by}.`, "", inline(rc.summary)];
  if (rc.fallbackReason) out.push("", `_The model's analysis was set aside: ${inline(rc.fallbackReason)}._`);
  if (rc.reasoning) out.push("", `> ${inline(rc.reasoning)}`);
  out.push("", "### Evidence", "");
  if (rc.evidence.length === 0) out.push("_The cited evidence is no longer stored._");
  for (const e of rc.evidence) {
    out.push(`- **${e.ref}** · ${inline(e.source)} — ${inline(e.title)}`, "", fence(e.lines, "text", "  "));
    if (e.omittedLines) out.push("", `  _…and ${e.omittedLines} more line(s) in Vigil._`);
    out.push("");
  }
  if (rc.missing.length) out.push(`Cited but not stored: ${rc.missing.map(code).join(", ")}.`);
  return out.join("\n").trimEnd();
}

function decisions(f: PostmortemFacts): string {
  if (f.decisions.length === 0) return "_No change to the cluster was proposed._";
  return f.decisions
    .map((d) => {
      const p = d.policy;
      const verdict =
        p.allowed === true
          ? `allowed by policy${p.requiredApprovals && p.requiredApprovals > 1 ? `, ${p.requiredApprovals} approvals required` : ""}`
          : p.allowed === false
            ? `refused by policy: ${p.refused.map(inline).join("; ") || "no reason recorded"}`
            : "not assessed by policy";
      const lines = [`- **${inline(d.title)}** (${d.risk} risk), proposed ${utc(d.proposedAt)}: ${verdict}.`];
      for (const a of d.approvals)
        lines.push(
          `  - ${a.decision === "approved" ? "Approved" : "Rejected"} by ${inline(a.by)} at ${utc(a.at)}${a.comment ? `: “${inline(a.comment)}”` : ""}`,
        );
      if (d.autonomousPolicy) lines.push(`  - Approved without a click by the autonomous policy ${code(d.autonomousPolicy)}`);
      lines.push(`  - Outcome: ${d.state.replace(/_/g, " ")}`);
      return lines.join("\n");
    })
    .join("\n");
}

function done(f: PostmortemFacts): string {
  if (f.executed.length === 0) return "_Vigil made no change to the cluster._";
  return f.executed
    .map((e) => {
      const lines = [
        `- **${inline(e.title)}**: ${e.state === "failed" ? "failed" : `executed ${e.executedAt ? utc(e.executedAt) : ""}`.trim()}`,
      ];
      if (e.authorizedBy.length) lines.push(`  - Authorized by: ${e.authorizedBy.map(inline).join(", ")}`);
      lines.push(`  - Request: ${code(e.request)}${e.patchType ? ` (${e.patchType} patch)` : ""}`);
      if (e.change) lines.push(`  - Change: ${inline(e.change)}`);
      for (const c of e.changes)
        lines.push(
          `    - ${code(c.path)}: ${c.before === null ? "(none)" : code(c.before)} → ${c.after === null ? "(none)" : code(c.after)}`,
        );
      const r = e.result;
      if (r) {
        const facts = [
          r.status ? `HTTP ${r.status}` : null,
          r.resourceVersionBefore || r.resourceVersionAfter
            ? `resourceVersion ${r.resourceVersionBefore ?? "?"} → ${r.resourceVersionAfter ?? "?"}`
            : null,
          r.generation !== null ? `generation ${r.generation}` : null,
          r.revision ? `revision ${r.revision} at write` : null,
        ].filter(Boolean);
        lines.push(`  - Result: ${facts.join(", ") || "recorded"}`);
        if (r.traceAnnotation) lines.push(`  - Trace annotation: ${code(`vigil.dev/trace-id=${r.traceAnnotation}`)}`);
      }
      if (e.error) lines.push(`  - Error: ${inline(e.error)}`);
      return lines.join("\n");
    })
    .join("\n");
}

function verified(f: PostmortemFacts): string {
  if (f.verification.length === 0) return f.executed.length ? "_Nothing has been verified yet._" : "_There was nothing to verify._";
  return f.verification
    .map((v) => {
      const status =
        v.effective === true
          ? `verified effective${v.verifiedAt ? ` at ${utc(v.verifiedAt)}` : ""}`
          : v.effective === false
            ? `not effective${v.verifiedAt ? ` (${utc(v.verifiedAt)})` : ""}`
            : "verification pending";
      return [`- **${inline(v.title)}**: ${status}`, ...v.checks.map((c) => `  - ${mark(c.ok)} ${c.name}: ${inline(c.detail)}`)].join("\n");
    })
    .join("\n");
}

function followUps(f: PostmortemFacts, narrative?: Narrative): string {
  const lines = f.followUps.map((x) => `- [ ] ${inline(x.text)} _(${inline(x.why)})_`);
  for (const text of narrative?.followUps ?? []) lines.push(`- [ ] ${inline(text)} _(suggested by the model)_`);
  return lines.length ? lines.join("\n") : "_None._";
}

export function renderPostmortem(f: PostmortemFacts, meta: DraftMeta, narrative?: Narrative): string {
  const body: Record<(typeof SECTIONS)[number], string> = {
    Summary: narrative?.summary ? prose(narrative.summary) : summary(f),
    Impact: impact(f, narrative),
    "Timeline (UTC)": timeline(f),
    "Root cause": rootCause(f),
    Decisions: decisions(f),
    "What was done": done(f),
    "What verified it": verified(f),
    "Follow-ups": followUps(f, narrative),
  };
  const head = [
    `# INC-${f.incident.number} post-mortem: ${inline(f.incident.title)}`,
    "",
    `_${engineLine(meta)}_`,
    "",
    `Trace id: ${code(f.incident.traceId)}`,
  ];
  return [...head, ...SECTIONS.flatMap((s) => ["", `## ${s}`, "", body[s]])].join("\n") + "\n";
}
