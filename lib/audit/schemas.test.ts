import { describe, expect, it } from "vitest";
import { auditQuerySchema, encodeAuditCursor } from "@/lib/audit/schemas";
import { describeIssues } from "@/lib/validation";

const parse = (q: Record<string, string>) => auditQuerySchema.parse(q);
const issue = (q: Record<string, string>) => {
  const result = auditQuerySchema.safeParse(q);
  if (result.success) throw new Error(`expected ${JSON.stringify(q)} to be refused`);
  return describeIssues(result.error);
};

describe("audit log query", () => {
  it("reads an action as exact or as a prefix of the vocabulary", () => {
    expect(parse({ action: "user.signed_in" }).action).toEqual({ exact: "user.signed_in" });
    expect(parse({ action: "action." }).action).toEqual({ prefix: "action." });
    expect(parse({ action: " action.* " }).action).toEqual({ prefix: "action." });
    expect(issue({ action: "action" })).toMatch(/^action: unknown action "action"/);
    expect(issue({ action: "nuclear." })).toMatch(/^action: /);
  });

  it("reads an actor as an email (lowercased) or an actor type", () => {
    expect(parse({ actor: "Ada@Example.com" }).actor).toEqual({ email: "ada@example.com" });
    expect(parse({ actor: "alertmanager" }).actor).toEqual({ type: "alertmanager" });
    expect(issue({ actor: "robot" })).toMatch(/^actor: expected a user's email or an actor type \(user, system/);
  });

  it("reads an incident as a number (INC-12, 12) or an id", () => {
    expect(parse({ incident: "INC-12" }).incident).toEqual({ number: 12 });
    expect(parse({ incident: "12" }).incident).toEqual({ number: 12 });
    expect(parse({ incident: "cm3abc_def-1" }).incident).toEqual({ id: "cm3abc_def-1" });
    expect(issue({ incident: "INC 12" })).toMatch(/^incident: /);
  });

  it("checks the trace id, the time range and the limit", () => {
    expect(parse({ trace: "AB".repeat(16) }).trace).toBe("ab".repeat(16));
    expect(issue({ trace: "xyz" })).toMatch(/^trace: /);
    expect(parse({ from: "2026-11-22T09:30:00Z", to: "2026-11-22" })).toMatchObject({
      from: new Date("2026-11-22T09:30:00Z"),
      to: new Date("2026-11-22T23:59:59.999Z"), // a bare date: through the end of that day
    });
    expect(parse({ from: "2026-11-22", to: "2026-11-22" }).from).toEqual(new Date("2026-11-22T00:00:00Z"));
    expect(parse({ from: "2026-11-22T09:30:00+01:00" }).from).toEqual(new Date("2026-11-22T08:30:00Z"));
    expect(issue({ from: "2026-11-22T09:30" })).toMatch(/^from: expected an ISO 8601 time/);
    expect(issue({ from: "2026-11-23", to: "2026-11-22" })).toBe("to: must not be before from");
    expect(parse({}).limit).toBe(50);
    expect(parse({ limit: "200" }).limit).toBe(200);
    expect(issue({ limit: "201" })).toMatch(/^limit: /);
  });

  it("treats empty parameters as absent and round-trips a cursor", () => {
    expect(parse({ action: "", actor: " ", trace: "", from: "", cursor: "" })).toEqual({ limit: 50 });
    expect(parse({ cursor: encodeAuditCursor(42n) }).cursor).toBe(42n);
    expect(issue({ cursor: "42" })).toBe("cursor: cursor is not valid; start again from the first page");
  });
});
