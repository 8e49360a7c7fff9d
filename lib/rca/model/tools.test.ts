// The model's read-only tools against a scenario's sandbox cluster and fake Prometheus (the
// real Kubernetes and Prometheus clients): what they read, and every bound — the incident's
// namespace only, the step limit, output caps, no repeats, no kinds outside the list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { startScenarioWorld, type ScenarioWorld } from "@/lib/scenarios/world";
import { createToolbox, subjectPods, TOOL_MAX_LINES, TOOL_MAX_TOKENS, type ToolContext } from "@/lib/rca/model/tools";
import type { ClusterReader } from "@/lib/cluster/port";
import type { Subject } from "@/lib/evidence/types";
import { countTokens, itemText } from "@/lib/evidence/tokens";

let world: ScenarioWorld;
let ctx: ToolContext;
const POD = "checkout-api-lpv4h5bnm-4xkq9";

beforeAll(async () => {
  const scenario = loadScenario(path.join(publicScenariosDir, "checkout-api-typeerror-after-2-14-0.json"));
  world = await startScenarioWorld(scenario);
  ctx = {
    cluster: world.ports.cluster,
    metrics: world.ports.metrics,
    subject: { namespace: "shop", name: "checkout-api", kind: "Deployment", replicas: 6, selector: "app=checkout-api" },
    alertStart: new Date(new Date(scenario.now).getTime() - 10 * 60_000),
    now: world.ports.now(),
  };
});
afterAll(async () => {
  await world?.stop();
});

const box = (maxSteps = 5) => createToolbox(ctx, { maxSteps, firstId: 20 });

describe("the model's tools", () => {
  it("reads a pod's log in the incident's namespace as a new evidence item, numbered after the collected ones", async () => {
    const tools = box();
    const answer = await tools.run({ name: "get_pod_logs", arguments: { pod: POD } });
    expect(answer.refused).toBeNull();
    expect(answer.item).toMatchObject({ id: "E20", source: "logs", title: `Logs of ${POD}/checkout-api (last lines)` });
    expect(answer.item!.lines.length).toBeGreaterThan(0);
    expect(answer.text.startsWith("[E20] (logs)")).toBe(true);

    const filtered = await tools.run({ name: "get_pod_logs", arguments: { pod: POD, contains: "Currency" } });
    expect(filtered.item!.id).toBe("E21");
    for (const line of filtered.item!.lines) expect(line.toLowerCase()).toContain("currency");
    expect(tools.items().map((i) => i.id)).toEqual(["E20", "E21"]);
  });

  it("answers a signal's series and a compact description; a config map shows keys, never values", async () => {
    const tools = box();
    const series = await tools.run({ name: "query_signal", arguments: { signal: "error_ratio" } });
    expect(series.item!.title).toContain("error_ratio of shop/checkout-api");
    expect(series.item!.lines.some((l) => /^\d\d:\d\dZ \d+\.\d%$/.test(l))).toBe(true);

    const deployment = await tools.run({ name: "describe_object", arguments: { kind: "Deployment", name: "checkout-api" } });
    expect(deployment.item!.lines.some((l) => l.startsWith("containers[checkout-api].image:"))).toBe(true);
    expect(deployment.item!.lines.some((l) => l.includes("managedFields") || l.includes("last-applied-configuration"))).toBe(false);
  });

  it("refuses what is outside the incident: other namespaces, unknown kinds, unknown tools, bad arguments", async () => {
    const tools = box(10);
    const elsewhere = await tools.run({ name: "get_pod_logs", arguments: { pod: "coredns-1", container: "coredns" } });
    expect(elsewhere.refused).toMatch(/no pod coredns-1 in namespace shop/);
    const secret = await tools.run({ name: "describe_object", arguments: { kind: "Secret", name: "db-password" } });
    expect(secret.refused).toMatch(/describe_object failed/);
    const writer = await tools.run({ name: "scale_deployment", arguments: { name: "payments", replicas: 0 } });
    expect(writer.refused).toMatch(/no tool named "scale_deployment"/);
    const extra = await tools.run({ name: "get_pod_logs", arguments: { pod: POD, namespace: "kube-system" } });
    expect(extra.refused).toMatch(/namespace/);
    expect(tools.items()).toEqual([]);
  });

  it("never answers the same call twice, and stops at the step limit", async () => {
    const tools = box(3);
    const first = await tools.run({ name: "get_pod_logs", arguments: { pod: POD, previous: false } });
    // The same arguments in another order are the same call.
    const again = await tools.run({ name: "get_pod_logs", arguments: { previous: false, pod: POD } });
    expect(again.refused).toBe(`this exact call was already answered as ${first.item!.id}`);
    await tools.run({ name: "query_signal", arguments: { signal: "restarts" } });
    expect(tools.remaining()).toBe(0);
    const over = await tools.run({ name: "query_signal", arguments: { signal: "latency_p99_ms" } });
    expect(over.refused).toMatch(/limit of 3 tool calls/);
    expect(tools.items()).toHaveLength(2);
  });

  it("caps every answer's lines and tokens", async () => {
    const tools = box();
    for (const args of [{ pod: POD }, { pod: "checkout-api-lpv4h5bnm-b7wnm" }]) {
      const { item } = await tools.run({ name: "get_pod_logs", arguments: args });
      expect(item!.lines.length).toBeLessThanOrEqual(TOOL_MAX_LINES + 1);
      expect(countTokens(itemText(item!))).toBeLessThanOrEqual(TOOL_MAX_TOKENS + 10);
    }
    const pod = await tools.run({ name: "describe_object", arguments: { kind: "Pod", name: POD } });
    expect(countTokens(itemText(pod.item!))).toBeLessThanOrEqual(TOOL_MAX_TOKENS + 10);
  });
});

describe("the tools on a DaemonSet, Job, CronJob or bare Pod", () => {
  const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: "batch", ...extra });
  const job = (name: string) => ({ ownerReferences: [{ kind: "Job", name, apiVersion: "batch/v1", uid: name }] });
  const objects = {
    DaemonSet: {
      metadata: meta("log-agent"),
      spec: { template: { spec: { containers: [{ name: "agent", image: "fluent-bit:3" }] } } },
      status: { desiredNumberScheduled: 3, numberReady: 2 },
    },
    Job: {
      metadata: meta("nightly-27871200"),
      spec: { backoffLimit: 2, template: { spec: { containers: [{ name: "run", image: "etl:1" }] } } },
      status: { failed: 3 },
    },
    CronJob: {
      metadata: meta("nightly"),
      spec: { schedule: "0 2 * * *", jobTemplate: { spec: { template: { spec: { containers: [{ name: "run", image: "etl:1" }] } } } } },
      status: {},
    },
  };
  const pods = [
    { metadata: meta("nightly-27871200-abcde", job("nightly-27871200")) },
    { metadata: meta("nightly-27871260-fghij", job("nightly-27871260")) },
    { metadata: meta("nightlyish-1-zzz", job("nightlyish-1")) },
    { metadata: meta("web-1") },
  ];
  const byName = (o: { metadata: { name: string } }, name: string) => (o.metadata.name === name ? o : null);
  const cluster = {
    getDaemonSet: async (_: string, name: string) => byName(objects.DaemonSet, name),
    getJob: async (_: string, name: string) => byName(objects.Job, name),
    getCronJob: async (_: string, name: string) => byName(objects.CronJob, name),
    listPods: async (_: string, selector?: string) => (selector ? [] : pods),
  } as unknown as ClusterReader;
  const subject = (kind: Subject["kind"], name: string): Subject => ({ namespace: "batch", name, kind, replicas: null, selector: null });
  const tools = (s: Subject) =>
    createToolbox({ cluster, metrics: null, subject: s, alertStart: new Date(), now: new Date() }, { maxSteps: 5, firstId: 1 });

  it("describes a DaemonSet, a Job and a CronJob, the telling fields first", async () => {
    const ds = await tools(subject("DaemonSet", "log-agent")).run({
      name: "describe_object",
      arguments: { kind: "DaemonSet", name: "log-agent" },
    });
    expect(ds.item).toMatchObject({ title: "DaemonSet batch/log-agent" });
    expect(ds.item!.lines[0]).toMatch(/desiredNumberScheduled.*3.*numberReady.*2/);
    expect(ds.item!.lines).toContain("containers[agent].image: fluent-bit:3");
    const job = await tools(subject("Job", "nightly-27871200")).run({
      name: "describe_object",
      arguments: { kind: "Job", name: "nightly-27871200" },
    });
    expect(job.item!.lines).toEqual(expect.arrayContaining(["failed: 3", "backoffLimit: 2", "containers[run].image: etl:1"]));
    const cron = await tools(subject("CronJob", "nightly")).run({
      name: "describe_object",
      arguments: { kind: "CronJob", name: "nightly" },
    });
    expect(cron.item!.lines).toEqual(expect.arrayContaining(["schedule: 0 2 * * *", "containers[run].image: etl:1"]));
    const absent = await tools(subject("Job", "x")).run({ name: "describe_object", arguments: { kind: "Job", name: "absent" } });
    expect(absent.refused).toMatch(/no Job absent in namespace batch/);
  });

  it("reads a subject's own pods only: a bare pod's itself, a CronJob's through its Jobs, never the whole namespace", async () => {
    expect(await subjectPods(cluster, subject("Pod", "web-1"))).toEqual(["web-1"]);
    expect(await subjectPods(cluster, subject("CronJob", "nightly"))).toEqual(["nightly-27871200-abcde", "nightly-27871260-fghij"]);
    expect(await subjectPods(cluster, subject("Job", "nightly-27871200"))).toEqual(["nightly-27871200-abcde"]);
    expect(await subjectPods(cluster, subject("DaemonSet", "log-agent"))).toEqual([]);
  });
});
