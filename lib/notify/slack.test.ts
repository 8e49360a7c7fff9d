// Slack messages: Block Kit shape, a link to the incident, and alert text that cannot forge
// links or mentions.
import { describe, expect, it } from "vitest";
import { escapeMrkdwn, slackMessage } from "@/lib/notify/slack";
import type { NotifyEvent, NotifyIncident } from "@/lib/notify/types";

const incident: NotifyIncident = {
  id: "cm0incident1",
  title: "HighErrorRate on checkout",
  severity: "critical",
  namespace: "shop",
  workload: "checkout",
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  owner: "ana@acme.test",
};
const action = {
  kind: "scale" as const,
  target: { kind: "Deployment", namespace: "shop", name: "checkout" },
  replicas: 6,
  risk: "low" as const,
};
const publicUrl = "https://vigil.example.com/";

type Block = { type: string; text?: { type: string; text: string }; fields?: { text: string }[]; elements?: Record<string, unknown>[] };
const blocks = (event: NotifyEvent) => slackMessage(event, publicUrl).blocks as Block[];
const allText = (event: NotifyEvent) => JSON.stringify(slackMessage(event, publicUrl));

describe("slackMessage", () => {
  it("has a header, a section with fields, a link button and the trace id", () => {
    const event: NotifyEvent = {
      type: "rca.ready",
      incident,
      rootCause: "bad_deploy",
      confidence: 0.82,
      summary: "2.14.0 throws TypeError",
      engine: "model",
    };
    const [header, section, actions, context] = blocks(event);
    expect(blocks(event).map((b) => b.type)).toEqual(["header", "section", "actions", "context"]);
    expect(header!.text).toEqual({ type: "plain_text", text: "Root cause ready: HighErrorRate on checkout" });
    expect(section!.text!.text).toBe("*HighErrorRate on checkout*\n2.14.0 throws TypeError");
    expect(section!.fields!.map((f) => f.text)).toEqual([
      "*Severity*\ncritical",
      "*Namespace*\nshop",
      "*Workload*\ncheckout",
      "*Owner*\nana@acme.test",
      "*Root cause*\nbad_deploy",
      "*Confidence*\n82%",
      "*Engine*\nmodel",
    ]);
    expect(slackMessage({ ...event, incident: { ...incident, owner: null } }, "https://vigil.example.com").blocks[1]).toMatchObject({
      fields: expect.arrayContaining([expect.objectContaining({ text: "*Owner*\nUnowned" })]),
    });
    expect(actions!.elements![0]).toMatchObject({ type: "button", url: "https://vigil.example.com/incidents/cm0incident1" });
    expect(JSON.stringify(context)).toContain("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(slackMessage(event, publicUrl).text).toBe(
      "[critical] Root cause ready: HighErrorRate on checkout <https://vigil.example.com/incidents/cm0incident1|open>",
    );
  });

  it("escapes alert and model text so it cannot add links or mentions", () => {
    const hostile = "<!channel> pay <https://evil.example|here> & <@U123>";
    const event: NotifyEvent = {
      type: "escalation",
      incident: { ...incident, title: hostile, workload: "<!here>" },
      reason: `${hostile} now`,
    };
    const message = slackMessage(event, publicUrl);
    const mrkdwnTexts = [
      message.text,
      ...blocks(event).flatMap((b) => [b.text?.type === "mrkdwn" ? b.text.text : "", ...(b.fields ?? []).map((f) => f.text)]),
    ];
    for (const text of mrkdwnTexts) {
      expect(text).not.toMatch(/<!|<@|<https:\/\/evil/);
    }
    expect(message.text).toContain("&lt;!channel&gt; pay &lt;https://evil.example|here&gt; &amp; &lt;@U123&gt;");
    expect(allText(event)).toContain('"verbatim":true');
  });

  it("puts the proposed change and the approvals needed in an approval request", () => {
    const event: NotifyEvent = { type: "approval.needed", incident, action, requiredApprovals: 2 };
    const [, section, actions] = blocks(event);
    expect(section!.text!.text).toContain("Vigil proposes *scale to 6* on `Deployment shop/checkout`.");
    expect(section!.fields!.map((f) => f.text)).toContain("*Approvals needed*\n2");
    expect(actions!.elements![0]).toMatchObject({ style: "primary", text: { text: "Review and approve" } });
  });

  it("says how an action ended", () => {
    const event: NotifyEvent = {
      type: "action.result",
      incident,
      action,
      result: "ineffective",
      reason: "the alert still fires after 300 s",
    };
    const [header, section] = blocks(event);
    expect(header!.text!.text).toBe("Action did not help: HighErrorRate on checkout");
    expect(section!.text!.text).toContain("the alert still fires after 300 s");
    expect(section!.fields!.map((f) => f.text)).toContain("*Result*\nineffective");
  });

  it("keeps within Slack's limits and encodes the incident id in links", () => {
    const event: NotifyEvent = { type: "incident.opened", incident: { ...incident, id: "a/../b>|x", title: "x".repeat(400) } };
    const [header, , actions] = blocks(event);
    expect(header!.text!.text.length).toBeLessThanOrEqual(150);
    expect(actions!.elements![0]!.url).toBe("https://vigil.example.com/incidents/a%2F..%2Fb%3E%7Cx");
  });

  it("escapes only Slack's three control characters", () => {
    expect(escapeMrkdwn("a & b < c > d *e* _f_")).toBe("a &amp; b &lt; c &gt; d *e* _f_");
  });
});
