// validateAnswer: what turns a model's text into an RCA, and every way it refuses to.
import { describe, expect, it } from "vitest";
import { validateAnswer } from "@/lib/rca/model/validate";
import type { Subject } from "@/lib/evidence/types";

const subject: Subject = { namespace: "shop", name: "checkout-api", kind: "Deployment", replicas: 4, selector: "app=checkout-api" };
const ids = new Set(["E1", "E2", "E5"]);
const target = { kind: "Deployment", namespace: "shop", name: "checkout-api" };
const answer = (over: Record<string, unknown> = {}) => ({
  reasoning: "Errors began with revision 7.",
  citations: ["E2", "E5"],
  rootCause: "bad_deploy",
  confidence: 0.85,
  summary: "Version 2.14.0 broke checkout.",
  actions: [{ action: "rollback", target, risk: "medium", rationale: "Revision 6 was healthy." }],
  ...over,
});
const check = (value: unknown, s: Subject = subject) => validateAnswer(typeof value === "string" ? value : JSON.stringify(value), ids, s);
const reasonOf = (value: unknown, s?: Subject) => {
  const verdict = check(value, s);
  expect(verdict.ok).toBe(false);
  return verdict.ok ? "" : verdict.reason;
};

describe("validateAnswer", () => {
  it("accepts a valid answer, also inside a ```json fence, and drops duplicate citations", () => {
    const ok = check(answer({ citations: ["E2", "E2", "E5"] }));
    expect(ok).toMatchObject({ ok: true, rca: { rootCause: "bad_deploy", citations: ["E2", "E5"] } });
    expect(check("```json\n" + JSON.stringify(answer()) + "\n```")).toMatchObject({ ok: true });
  });

  it("rejects text that is not a JSON object", () => {
    expect(reasonOf("It looks like an OOM kill to me.")).toMatch(/not a JSON object/);
    expect(reasonOf("[1, 2]")).toMatch(/not a JSON object/);
    expect(reasonOf("")).toMatch(/empty/);
  });

  it("rejects an answer that breaks the RCA schema", () => {
    expect(reasonOf(answer({ confidence: 3 }))).toMatch(/confidence/);
    expect(reasonOf(answer({ actions: [] }))).toMatch(/actions/);
  });

  it("rejects citations of ids the model was not shown, and an answer citing nothing", () => {
    expect(reasonOf(answer({ citations: ["E2", "E99"] }))).toMatch(/E99 are not evidence ids/);
    expect(reasonOf(answer({ citations: [] }))).toMatch(/citations/);
  });

  it("rejects a cause outside the taxonomy, naming it", () => {
    expect(reasonOf(answer({ rootCause: "cosmic_rays" }))).toMatch(/"cosmic_rays" is not in the taxonomy/);
  });

  it("rejects any action on another workload, even next to a good one", () => {
    const other = { action: "scale", target: { ...target, name: "payments" }, replicas: 40, risk: "low", rationale: "as the log said" };
    const reason = reasonOf(answer({ actions: [answer().actions[0], other] }));
    expect(reason).toMatch(/targets Deployment shop\/payments/);
    expect(reasonOf(answer({ actions: [{ ...other, target: { ...target, namespace: "kube-system" } }] }))).toMatch(/kube-system/);
    expect(reasonOf(answer({ actions: [{ ...other, target: { ...target, kind: "StatefulSet" } }] }))).toMatch(/StatefulSet/);
  });

  it("defaults a missing target kind to the incident's kind, not to Deployment", () => {
    const sts: Subject = { ...subject, kind: "StatefulSet" };
    const noKind = answer({
      rootCause: "memory_leak",
      actions: [{ action: "restart", target: { namespace: "shop", name: "checkout-api" }, risk: "medium", rationale: "leak" }],
    });
    expect(check(noKind, sts)).toMatchObject({ ok: true, rca: { actions: [{ target: { kind: "StatefulSet" } }] } });
    expect(check(noKind)).toMatchObject({ ok: true, rca: { actions: [{ target: { kind: "Deployment" } }] } });
    const daemonSet: Subject = { ...subject, kind: "DaemonSet", replicas: null };
    expect(check(noKind, daemonSet)).toMatchObject({ ok: true, rca: { actions: [{ target: { kind: "DaemonSet" } }] } });
    // The old assumption (anything not a StatefulSet is a Deployment) is gone: a DaemonSet is not a Deployment.
    expect(
      reasonOf(
        answer({ rootCause: "memory_leak", actions: [{ action: "restart", target, risk: "medium", rationale: "leak" }] }),
        daemonSet,
      ),
    ).toMatch(/targets Deployment shop\/checkout-api, but actions may only target the incident's workload DaemonSet shop\/checkout-api/);
  });

  it("rejects an action that does not follow from the root cause, with the safety table's reason", () => {
    const act = (action: string, extra: Record<string, unknown> = {}) => [{ action, target, risk: "medium", rationale: "r", ...extra }];
    expect(reasonOf(answer({ actions: act("restart") }))).toBe(
      "action restart is not allowed: restart does not follow from bad_deploy (only rollback can)",
    );
    expect(reasonOf(answer({ rootCause: "certificate_expired", actions: act("rollback") }))).toBe(
      "action rollback is not allowed: rollback does not follow from certificate_expired: no automated action fixes it",
    );
    expect(reasonOf(answer({ rootCause: "oom_killed", actions: act("scale", { replicas: 8 }) }))).toMatch(
      /scale does not follow from oom_killed/,
    );
    // Even behind a safe first action, an unsafe one rejects the whole answer.
    expect(reasonOf(answer({ actions: [...act("rollback"), ...act("scale", { replicas: 8 })] }))).toMatch(
      /scale does not follow from bad_deploy/,
    );
    expect(check(answer({ rootCause: "cpu_saturation", actions: act("scale", { replicas: 8 }) }))).toMatchObject({ ok: true });
    expect(check(answer({ rootCause: "certificate_expired", actions: act("none") }))).toMatchObject({ ok: true });
  });

  it("offers a Job, CronJob or Pod only `none`, whatever the cause", () => {
    for (const kind of ["Job", "CronJob", "Pod"] as const) {
      const s: Subject = { ...subject, kind, replicas: null };
      const own = { ...target, kind };
      const reason = reasonOf(
        answer({ rootCause: "memory_leak", actions: [{ action: "restart", target: own, risk: "low", rationale: "r" }] }),
        s,
      );
      expect(reason).toBe(`action restart is not allowed: a ${kind} cannot be restarted: only "none" applies to it`);
      expect(
        check(answer({ rootCause: "memory_leak", actions: [{ action: "none", target: own, risk: "low", rationale: "r" }] }), s),
      ).toMatchObject({ ok: true });
    }
  });

  it("keeps what would have decided an unknown answer", () => {
    const unknown = answer({
      rootCause: "unknown",
      confidence: 0.3,
      actions: [{ action: "none", target, risk: "low", rationale: "look" }],
      missing: ["the previous container's log", "node conditions"],
    });
    expect(check(unknown)).toMatchObject({
      ok: true,
      rca: { rootCause: "unknown", missing: ["the previous container's log", "node conditions"] },
    });
    expect(reasonOf(answer({ missing: Array.from({ length: 7 }, (_, i) => `fact ${i}`) }))).toMatch(/missing/);
  });

  it("requires replicas for scale, and only `none` when the workload is not resolved", () => {
    expect(reasonOf(answer({ actions: [{ action: "scale", target, risk: "low", rationale: "load" }] }))).toMatch(/needs replicas/);
    const unresolved: Subject = { ...subject, kind: "unknown", replicas: null };
    expect(reasonOf(answer(), unresolved)).toMatch(/only "none"/);
    expect(check(answer({ actions: [{ action: "none", target, risk: "low", rationale: "look" }] }), unresolved)).toMatchObject({
      ok: true,
    });
  });
});
