import { describe, expect, it } from "vitest";
import { filtersFromParams, filtersToSearch, fromUtcInput, sameFilters, secondOf, toUtcInput } from "@/lib/client/audit-filters";
import { actorLabel, hasData, targetLabel, utcTime } from "@/lib/client/audit-view";

describe("audit log filters in the URL", () => {
  it("reads the known filters, trimmed, from search params or a page's searchParams", () => {
    expect(filtersFromParams(new URLSearchParams("action=user.signed_in&actor=+ada%40example.com+&cursor=x&from="))).toEqual({
      action: "user.signed_in",
      actor: "ada@example.com",
    });
    expect(filtersFromParams({ trace: ["abc", "def"], incident: "INC-3", other: "x" })).toEqual({ trace: "abc", incident: "INC-3" });
  });

  it("writes them in a stable order, so equal filters make equal URLs", () => {
    expect(filtersToSearch({ to: "2026-11-22T10:00:00Z", action: "action." })).toBe("?action=action.&to=2026-11-22T10%3A00%3A00Z");
    expect(filtersToSearch({ actor: "", trace: undefined })).toBe("");
    expect(sameFilters({ actor: "agent", action: "action." }, { action: "action.", actor: "agent" })).toBe(true);
    expect(sameFilters({ actor: "agent" }, {})).toBe(false);
  });

  it("shows times in UTC in the form and reads the form's times as UTC", () => {
    expect(toUtcInput("2026-11-22T09:30:00Z")).toBe("2026-11-22T09:30");
    expect(toUtcInput("2026-11-22T10:30:15+01:00")).toBe("2026-11-22T09:30:15");
    expect(toUtcInput("not a time")).toBe("");
    expect(toUtcInput(undefined)).toBe("");
    expect(fromUtcInput("2026-11-22T09:30")).toBe("2026-11-22T09:30:00Z");
    expect(fromUtcInput("2026-11-22T09:30:15")).toBe("2026-11-22T09:30:15Z");
    expect(fromUtcInput("")).toBeUndefined();
    // An end takes in the whole minute or second shown.
    expect(fromUtcInput("2026-11-22T09:30", "end")).toBe("2026-11-22T09:30:59.999Z");
    expect(fromUtcInput("2026-11-22T09:30:15", "end")).toBe("2026-11-22T09:30:15.999Z");
    expect(toUtcInput("2026-11-22T09:30:15.999Z")).toBe("2026-11-22T09:30:15");
    expect(secondOf("2026-11-22T09:30:15.307Z")).toEqual({ from: "2026-11-22T09:30:15Z", to: "2026-11-22T09:30:15.999Z" });
  });
});

describe("audit event labels", () => {
  it("names the actor by email, by type and id, or as unknown", () => {
    expect(actorLabel({ actorType: "user", actorId: "u1", actorEmail: "ada@example.com" })).toEqual({
      primary: "ada@example.com",
      secondary: null,
    });
    expect(actorLabel({ actorType: "user", actorId: null, actorEmail: null })).toEqual({ primary: "unknown user", secondary: null });
    expect(actorLabel({ actorType: "system", actorId: "bootstrap", actorEmail: null })).toEqual({
      primary: "system",
      secondary: "bootstrap",
    });
  });

  it("names the target, the time to the second in UTC, and whether there is data", () => {
    expect(targetLabel({ targetType: "User", targetId: "u1", targetEmail: "ada@example.com" })).toEqual({
      type: "User",
      name: "ada@example.com",
    });
    expect(targetLabel({ targetType: "ProposedAction", targetId: "pa1", targetEmail: null })).toEqual({
      type: "ProposedAction",
      name: "pa1",
    });
    expect(targetLabel({ targetType: null, targetId: null, targetEmail: null })).toBeNull();
    expect(utcTime("2026-11-22T09:30:12.345Z")).toBe("2026-11-22 09:30:12");
    expect([hasData({}), hasData({ a: 1 }), hasData(null), hasData([])]).toEqual([false, true, false, false]);
  });
});
