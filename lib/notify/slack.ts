// Slack incoming-webhook messages in Block Kit: a header, the facts as fields, a button to
// the incident page and the trace id, plus a plain `text` for notifications and old clients.
// Titles, summaries and reasons come from alerts and models, i.e. from outside: they are
// escaped (&, <, >) and marked verbatim, so alert text cannot forge links or mentions.
import { describeTarget, incidentUrl, type NotifyEvent } from "@/lib/notify/types";

/** Slack's mrkdwn control characters, escaped as Slack documents. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const safe = (text: string, max = 1900) => escapeMrkdwn(clip(text, max));
const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text, verbatim: true });
const field = (label: string, value: string) => mrkdwn(`*${label}*\n${safe(value, 500)}`);
const percent = (confidence: number) => `${Math.round(confidence * 100)}%`;

const resultHeadline = {
  executed: "Action executed",
  failed: "Action failed",
  verified: "Fix verified",
  ineffective: "Action did not help",
};

type Parts = { headline: string; text: string | null; fields: ReturnType<typeof field>[]; button: string };

function parts(event: NotifyEvent): Parts {
  switch (event.type) {
    case "incident.opened":
      return { headline: "Incident opened", text: event.summary ?? null, fields: [], button: "Open incident" };
    case "rca.ready":
      return {
        headline: "Root cause ready",
        text: event.summary,
        fields: [field("Root cause", event.rootCause), field("Confidence", percent(event.confidence)), field("Engine", event.engine)],
        button: "Read the analysis",
      };
    case "approval.needed": {
      const { action } = event;
      const what = action.kind === "scale" && action.replicas !== null ? `scale to ${action.replicas}` : action.kind;
      return {
        headline: "Approval needed",
        text: `Vigil proposes *${safe(what)}* on \`${safe(describeTarget(action.target))}\`.`,
        fields: [field("Risk", action.risk ?? "unknown"), field("Approvals needed", String(event.requiredApprovals))],
        button: "Review and approve",
      };
    }
    case "action.result": {
      const { action } = event;
      return {
        headline: resultHeadline[event.result],
        text: event.reason ?? null,
        fields: [
          field("Action", action.kind === "scale" && action.replicas !== null ? `scale to ${action.replicas}` : action.kind),
          field("Target", describeTarget(action.target)),
          field("Result", event.result),
        ],
        button: "Open incident",
      };
    }
    case "escalation":
      return { headline: "Escalated to a human", text: event.reason, fields: [], button: "Take over" };
  }
}

export type SlackMessage = { text: string; blocks: Record<string, unknown>[] };

export function slackMessage(event: NotifyEvent, publicUrl: string): SlackMessage {
  const { incident } = event;
  const url = incidentUrl(publicUrl, incident.id);
  const p = parts(event);
  // Text already escaped where built from an action; summaries and reasons are escaped here.
  const body = event.type === "approval.needed" ? p.text : p.text === null ? null : safe(p.text, 2900);
  const fields = [
    field("Severity", incident.severity),
    field("Namespace", incident.namespace ?? "—"),
    field("Workload", incident.workload ?? "—"),
    field("Owner", incident.owner ?? "Unowned"),
    ...p.fields,
  ];
  const blocks: Record<string, unknown>[] = [
    // plain_text is never parsed for links or mentions; only its length is limited.
    { type: "header", text: { type: "plain_text", text: clip(`${p.headline}: ${incident.title}`, 150) } },
    { type: "section", text: mrkdwn(`*${safe(incident.title, 500)}*${body ? `\n${body}` : ""}`), fields },
    {
      type: "actions",
      elements: [
        {
          type: "button",
          text: { type: "plain_text", text: p.button },
          url,
          action_id: "open_incident",
          ...(event.type === "approval.needed" ? { style: "primary" } : {}),
        },
      ],
    },
    { type: "context", elements: [mrkdwn(`trace \`${safe(incident.traceId, 64)}\` · <${url}|incident ${safe(incident.id, 64)}>`)] },
  ];
  const text = `[${safe(incident.severity, 20)}] ${p.headline}: ${safe(incident.title, 300)} <${url}|open>`;
  return { text, blocks };
}
