// The tool loop end to end: the real `ollama` client against the fake Ollama (tool calls
// as Ollama streams them), the tools against a scenario's sandbox cluster, and the answer
// citing what the tools found. Bounded: repeats end the loop, the step limit holds, and
// the final answer is always asked under the answer's schema with no tools offered.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { answerPieces, startFakeOllama, type FakeChatBody, type FakeOllama, type ScriptStep } from "@/lib/model/fake-ollama";
import { createOllamaClient } from "@/lib/model/ollama";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { startScenarioWorld, type ScenarioWorld } from "@/lib/scenarios/world";
import { collectEvidence } from "@/lib/evidence/collect";
import { fitToBudget } from "@/lib/evidence/budget";
import { normalizeAlerts } from "@/lib/alerts/normalize";
import { analyzeIncident, type AnalyzeInput } from "@/lib/rca/model/analyze";
import { createModelGuard } from "@/lib/rca/model/resilience";
import type { ToolAnswer } from "@/lib/rca/model/tools";
import type { EvidenceSet } from "@/lib/evidence/types";

let world: ScenarioWorld;
let evidence: EvidenceSet;
let alertStart: Date;
let fake: FakeOllama | undefined;
const POD = "checkout-api-lpv4h5bnm-4xkq9";
const target = { kind: "Deployment", namespace: "shop", name: "checkout-api" };

beforeAll(async () => {
  const scenario = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));
  world = await startScenarioWorld(scenario);
  const now = world.ports.now();
  const alerts = normalizeAlerts(scenario.alertmanager.alerts, now).map((a) => ({
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.startsAt,
    status: a.status,
  }));
  evidence = await collectEvidence({
    alerts,
    now,
    cluster: world.ports.cluster,
    metrics: world.ports.metrics,
    changes: world.ports.changes,
  });
  alertStart = new Date(Math.min(...alerts.map((a) => a.startsAt.getTime())));
});
afterAll(async () => {
  await world?.stop();
});
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const answerCiting = (ids: string[]): ScriptStep => ({
  kind: "answer",
  pieces: answerPieces(
    JSON.stringify({
      reasoning: "The log shows a TypeError since the new revision.",
      citations: ids,
      rootCause: "bad_deploy",
      confidence: 0.85,
      summary: "Release 2.14.0 broke checkout totals.",
      actions: [{ action: "rollback", target, risk: "medium", rationale: "Return to the last good revision." }],
    }),
    10,
  ),
});

async function analyze(script: (body: FakeChatBody, n: number) => ScriptStep, maxSteps = 3) {
  let n = 0;
  fake = await startFakeOllama({ script: ({ body }) => script(body, ++n) });
  const calls: ToolAnswer[] = [];
  const input: AnalyzeInput = {
    evidence,
    context: fitToBudget(evidence.items),
    alertStart,
    model: {
      client: createOllamaClient({ host: fake.url }),
      name: "llama3.1",
      guard: createModelGuard(),
      timeoutMs: 5_000,
      tools: { cluster: world.ports.cluster, metrics: world.ports.metrics, now: world.ports.now(), maxSteps },
      onTool: (a) => calls.push(a),
    },
  };
  const result = await analyzeIncident(input);
  const bodies = fake.requests.filter((r) => r.path === "/api/chat").map((r) => r.body as FakeChatBody);
  return { result, calls, bodies };
}

const nextId = () => `E${evidence.items.length + 1}`;

describe("the model's tool loop", () => {
  it("runs the model's tool call, feeds the answer back, and accepts an answer citing it", async () => {
    const { result, calls, bodies } = await analyze((body, n) =>
      n === 1
        ? { kind: "tools", calls: [{ name: "get_pod_logs", arguments: { pod: POD, contains: "currency" } }] }
        : answerCiting([nextId(), "E1"]),
    );
    expect(result.engine).toBe("model");
    expect(result.fallbackReason).toBeUndefined();
    expect(result.primary.citations).toContain(nextId());
    expect(result.toolEvidence.map((i) => i.id)).toEqual([nextId()]);
    expect(calls).toMatchObject([{ call: { name: "get_pod_logs" }, item: { id: nextId() }, refused: null }]);

    // The first request offers the tools; the second carries the call and the tool's answer.
    expect(bodies[0]!.tools!.map((t) => t.function.name)).toEqual(["get_pod_logs", "query_signal", "describe_object"]);
    expect(bodies[0]!.format).toBeUndefined();
    const [assistant, tool] = bodies[1]!.messages.slice(-2);
    expect(assistant).toMatchObject({
      role: "assistant",
      tool_calls: [{ function: { name: "get_pod_logs", arguments: { pod: POD, contains: "currency" } } }],
    });
    expect(tool).toMatchObject({ role: "tool", tool_name: "get_pod_logs" });
    expect(tool!.content.startsWith(`[${nextId()}] (logs) Logs of ${POD}/checkout-api`)).toBe(true);
  });

  it("ends the loop when the model only repeats itself, then asks for the answer under its schema without tools", async () => {
    const repeat: ScriptStep = {
      kind: "tools",
      calls: [{ name: "describe_object", arguments: { kind: "Deployment", name: "checkout-api" } }],
    };
    const { result, calls, bodies } = await analyze((body) => (body.tools ? repeat : answerCiting(["E1"])), 5);
    expect(calls.map((c) => c.refused)).toEqual([null, `this exact call was already answered as ${nextId()}`]);
    expect(bodies).toHaveLength(3);
    expect(bodies[2]!.tools).toBeUndefined();
    expect(bodies[2]!.format).toBeDefined();
    expect(result).toMatchObject({ engine: "model", primary: { rootCause: "bad_deploy" } });
  });

  it("holds the step limit however many calls the model asks for", async () => {
    const many: ScriptStep = {
      kind: "tools",
      calls: ["restarts", "error_ratio", "latency_p99_ms", "request_rate"].map((signal) => ({
        name: "query_signal",
        arguments: { signal },
      })),
    };
    const { calls, bodies, result } = await analyze((body) => (body.tools ? many : answerCiting(["E1"])), 2);
    expect(calls.filter((c) => c.item)).toHaveLength(2);
    expect(calls.slice(2).every((c) => c.refused?.includes("limit of 2 tool calls"))).toBe(true);
    expect(bodies.filter((b) => b.tools)).toHaveLength(1);
    expect(result.toolEvidence).toHaveLength(2);
  });

  it("cannot be steered outside the incident: a write tool or another namespace's pod is refused, and actions stay on the workload", async () => {
    const { result, calls } = await analyze((body, n) =>
      n === 1
        ? {
            kind: "tools",
            calls: [
              { name: "delete_namespace", arguments: { name: "shop" } },
              { name: "get_pod_logs", arguments: { pod: "payments-0", container: "payments" } },
            ],
          }
        : answerCiting(["E1"]),
    );
    expect(calls.map((c) => c.refused)).toEqual([
      expect.stringContaining('no tool named "delete_namespace"'),
      expect.stringContaining("no pod payments-0 in namespace shop"),
    ]);
    expect(result.toolEvidence).toEqual([]);
    expect(result.primary.actions.every((a) => a.target.namespace === "shop" && a.target.name === "checkout-api")).toBe(true);
  });

  it("is off without steps: one request, with the schema and no tools", async () => {
    const { bodies, calls } = await analyze(() => answerCiting(["E1"]), 0);
    expect(calls).toEqual([]);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.tools).toBeUndefined();
  });
});
