import { describe, expect, it } from "vitest";
import { timelineOf, type AuditRecord } from "@/lib/postmortem/timeline";

const at = (s: string) => new Date(`2026-12-07T03:${s}Z`);
const person = (action: string, time: string, data: Record<string, unknown>): AuditRecord => ({
  at: at(time),
  action,
  actorType: "user",
  actorId: "u-ana",
  targetId: null,
  data,
});

describe("the post-mortem's timeline of what people did", () => {
  it("tells acknowledgements, hand-overs, corrections and hand resolutions, and cites the notes that still stand", () => {
    const names = {
      users: new Map([
        ["u-ana", "ana@acme.test"],
        ["u-ben", "ben@acme.test"],
      ]),
      alerts: new Map<string, string>(),
      actions: new Map<string, string>(),
      notes: new Map([["n-kept", { ref: "N1", body: "Rolled back the DB migration by hand." }]]),
    };
    const lines = timelineOf(
      [
        person("incident.acknowledged", "00:10", {}),
        person("incident.assigned", "00:10", { from: null, to: "u-ben", toEmail: "ben@acme.test" }),
        person("incident.severity_changed", "01:00", { from: "critical", to: "high", reason: "one region only" }),
        person("note.added", "02:00", { noteId: "n-kept", body: "Rolled back the migration." }),
        person("note.edited", "03:00", {
          noteId: "n-kept",
          before: "Rolled back the migration.",
          body: "Rolled back the DB migration by hand.",
        }),
        person("note.added", "04:00", { noteId: "n-gone", body: "wrong incident" }),
        person("note.deleted", "04:30", { noteId: "n-gone", body: "wrong incident" }),
        person("incident.resolved", "05:00", { from: "investigating", to: "resolved", reason: "fixed outside Vigil", byHand: true }),
        person("incident.reopened", "06:00", { from: "resolved", to: "investigating", reason: "it came back" }),
        person("investigation.requested", "06:00", { engine: "ensemble" }),
      ],
      names,
    );
    expect(lines.map((l) => `${l.actor}: ${l.text}`)).toEqual([
      "ana@acme.test: Acknowledged",
      "ana@acme.test: Assigned to ben@acme.test",
      "ana@acme.test: Severity set to high (was critical): one region only",
      "ana@acme.test: Note N1: Rolled back the DB migration by hand.",
      "ana@acme.test: Incident resolved by hand: fixed outside Vigil",
      "ana@acme.test: Incident reopened: it came back",
      "ana@acme.test: Investigation requested with the ensemble engine",
    ]);
  });
});
