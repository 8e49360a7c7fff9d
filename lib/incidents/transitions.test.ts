// The state machines' tables, and a check that no code changes an incident's or an action's
// state except through them (lib/incidents/transitions.ts, lib/remediation/transitions.ts).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allowedIncidentMoves, incidentStates, terminalStates } from "@/lib/incidents/model";
import { assertIncidentMove, IllegalTransition } from "@/lib/incidents/transitions";
import { allowedActionMoves, assertActionMove, IllegalActionTransition } from "@/lib/remediation/transitions";

const root = path.resolve(__dirname, "../..");
const machines = new Set(["lib/incidents/transitions.ts", "lib/remediation/transitions.ts"]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" || name === "node_modules" ? [] : sources(full);
    return /\.tsx?$/.test(name) && !/\.test\.ts$/.test(name) ? [full] : [];
  });
}

describe("the incident state machine", () => {
  it("lets a live incident resolve, closes only a resolved one, and reopens only into investigating", () => {
    for (const state of incidentStates.filter((s) => !terminalStates.includes(s))) {
      expect(allowedIncidentMoves[state]).toContain("resolved");
      expect(() => assertIncidentMove([state], "closed")).toThrow(IllegalTransition);
    }
    expect(() => assertIncidentMove(["resolved"], "closed")).not.toThrow();
    expect(() => assertIncidentMove(["resolved", "closed"], "investigating")).not.toThrow();
    expect(() => assertIncidentMove(["closed"], "open")).toThrow(IllegalTransition);
    expect(() => assertIncidentMove(["closed"], "resolved")).toThrow(IllegalTransition);
    expect(() => assertIncidentMove(["resolved"], "mitigating")).toThrow("an incident cannot move from resolved to mitigating");
    expect(() => assertIncidentMove(["open", "investigating"], "awaiting_approval")).not.toThrow();
  });
});

describe("the action state machine", () => {
  it("never approves a refused action, and never runs one twice", () => {
    expect(() => assertActionMove(["refused"], "approved")).toThrow(IllegalActionTransition);
    expect(() => assertActionMove(["executed"], "executing")).toThrow(IllegalActionTransition);
    expect(() => assertActionMove(["failed"], "executing")).toThrow(IllegalActionTransition);
    for (const final of ["failed", "rejected", "expired", "rolled_back"] as const) expect(allowedActionMoves[final]).toEqual([]);
  });
});

describe("every state change", () => {
  it("goes through a state machine: no other code writes an incident's or an action's state", () => {
    const offenders: string[] = [];
    for (const file of [...sources(path.join(root, "lib")), ...sources(path.join(root, "app"))]) {
      const relative = path.relative(root, file);
      if (machines.has(relative)) continue;
      const text = readFileSync(file, "utf8");
      // A Prisma update of either model whose data sets `state`, or SQL that sets it.
      const prismaWrite = /\.(proposedAction|incident)\.(update|updateMany|upsert)\(\{[^;]*?\bdata:\s*\{[^}]*\bstate:/s;
      const sqlWrite = /UPDATE\s+"(Incident|ProposedAction)"[^;`]*\bSET\b[^;`]*\bstate\s*=/is;
      if (prismaWrite.test(text) || sqlWrite.test(text)) offenders.push(relative);
    }
    expect(offenders).toEqual([]);
  });
});
