import { describe, expect, it } from "vitest";
import {
  diffLines,
  expiresIn,
  groupWithUndos,
  orderedReasons,
  parsePreview,
  parseResult,
  parseVerdict,
  type ActionJson,
} from "@/lib/client/action-view";

const action = (over: Partial<ActionJson>): ActionJson => ({ id: "a1", rollbackOfId: null, ...over }) as ActionJson;

describe("orderedReasons", () => {
  it("puts the failing reasons first, keeping the policy's order within each group", () => {
    const reasons = [
      { rule: "namespace", ok: true, message: "namespace shop is allowed" },
      { rule: "target", ok: false, message: "not part of this incident" },
      { rule: "confidence", ok: true, message: "confidence 0.86 meets the floor" },
      { rule: "watchtower", ok: false, message: "watchtower mode is on" },
    ];
    expect(orderedReasons(reasons).map((r) => r.rule)).toEqual(["target", "watchtower", "namespace", "confidence"]);
  });
});

describe("diffLines", () => {
  it("writes each change as a removed line then an added line", () => {
    const lines = diffLines([
      { path: "containers[checkout-api].image", before: "shop/checkout-api:2.14.0", after: "shop/checkout-api:2.13.4" },
    ]);
    expect(lines.map((l) => l.text)).toEqual([
      "- containers[checkout-api].image: shop/checkout-api:2.14.0",
      "+ containers[checkout-api].image: shop/checkout-api:2.13.4",
    ]);
    expect(lines.map((l) => l.sign)).toEqual(["-", "+"]);
  });

  it("leaves out the side of a field that does not exist", () => {
    expect(diffLines([{ path: "replicas", before: null, after: "4" }]).map((l) => l.text)).toEqual(["+ replicas: 4"]);
    expect(diffLines([{ path: "env[DEBUG]", before: "1", after: null }]).map((l) => l.text)).toEqual(["- env[DEBUG]: 1"]);
    expect(diffLines([])).toEqual([]);
  });
});

describe("parsing stored JSON", () => {
  it("reads a verdict and tolerates fields it does not need", () => {
    const verdict = parseVerdict({
      allowed: true,
      reasons: [{ rule: "action", ok: true, message: "rollback is an allowed action" }],
      highRisk: false,
      requiredApprovals: 1,
      autonomous: { allowed: false, policy: null, reason: "autonomous mode is off" },
    });
    expect(verdict).toMatchObject({ allowed: true, requiredApprovals: 1 });
    expect(parseVerdict({ allowed: false, reasons: [] })).toMatchObject({
      allowed: false,
      highRisk: false,
      requiredApprovals: 1,
      autonomous: null,
    });
  });

  it("shows what no longer parses as missing", () => {
    expect(parseVerdict(null)).toBeNull();
    expect(parseVerdict({ allowed: "yes", reasons: [] })).toBeNull();
    expect(parsePreview({ summary: "x", dryRun: { ok: "maybe" }, at: "2026-01-01T00:00:00.000Z" })).toBeNull();
    expect(parseResult("PATCH")).toBeNull();
  });

  it("reads a failed dry run with its error", () => {
    const preview = parsePreview({
      summary: "rollout undo",
      patch: null,
      changes: [],
      dryRun: { ok: false, error: "409 Conflict" },
      at: "2026-01-01T00:00:00.000Z",
    });
    expect(preview?.dryRun).toEqual({ ok: false, error: "409 Conflict" });
  });
});

describe("groupWithUndos", () => {
  it("puts an undo under the action it rolls back, and an undo of an undo there too", () => {
    const list = [
      action({ id: "a" }),
      action({ id: "b" }),
      action({ id: "u1", rollbackOfId: "a" }),
      action({ id: "u2", rollbackOfId: "u1" }),
    ];
    expect(groupWithUndos(list).map((e) => [e.action.id, e.undos.map((u) => u.id)])).toEqual([
      ["a", ["u1", "u2"]],
      ["b", []],
    ]);
  });

  it("keeps an undo whose original is not listed on its own", () => {
    expect(groupWithUndos([action({ id: "u", rollbackOfId: "gone" })]).map((e) => e.action.id)).toEqual(["u"]);
  });
});

describe("expiresIn", () => {
  const now = Date.parse("2026-01-01T00:00:00.000Z");
  it("counts down in seconds, minutes or hours, then says expired", () => {
    expect(expiresIn("2026-01-01T00:00:40.000Z", now)).toBe("expires in 40 s");
    expect(expiresIn("2026-01-01T00:14:50.000Z", now)).toBe("expires in 15 min");
    expect(expiresIn("2026-01-01T03:00:00.000Z", now)).toBe("expires in 3 h");
    expect(expiresIn("2025-12-31T23:59:59.000Z", now)).toBe("expired");
  });
});
