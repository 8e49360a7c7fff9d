// The live demo against the real pipeline code: each injected fault produces the evidence
// the rule engine needs to name it, the alert evaluator fires and resolves real
// Alertmanager webhooks, and Vigil's kind of fix (a rollout undo through the real client)
// makes the condition clear.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startLiveDemo, type LiveDemo } from "@/lib/demo/live";
import { createClusterReader, createClusterWriter, kubeConfigFrom } from "@/lib/cluster/kubernetes";
import { createPrometheusReader } from "@/lib/metrics/prometheus";
import { defaultCatalog } from "@/lib/metrics/catalog";
import { collectEvidence } from "@/lib/evidence/collect";
import { ruleBasedRca } from "@/lib/rca/rules/engine";
import { rollbackPatch } from "@/lib/cluster/plans";
import { readNodeBody } from "@/lib/http/node-body";
import type { FaultKind } from "@/lib/demo/simulator";

let demo: LiveDemo;
let clock = Date.now();
let hooks: Server;
const received: { status: string; alertname: string; deployment: string }[] = [];

beforeAll(async () => {
  demo = await startLiveDemo();
  hooks = createServer((req, res) => {
    void readNodeBody(req).then((body) => {
      const payload = JSON.parse(body) as { status: string; alerts: { labels: Record<string, string> }[] };
      for (const a of payload.alerts)
        received.push({ status: payload.status, alertname: a.labels.alertname!, deployment: a.labels.deployment! });
      res.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await demo?.stop();
  await new Promise((resolve) => hooks?.close(resolve));
});

const kc = () => kubeConfigFrom({ server: demo.env.VIGIL_CLUSTER_URL!, token: demo.env.VIGIL_CLUSTER_TOKEN! });

/** A minute of the fault from `start`, as the alert's `for` would have waited; by default each
 * test in its own minutes, so one fault's samples never mix with another's. */
async function rcaFor(namespace: string, name: string, alertname: string, start = (clock += 5 * 60_000)) {
  for (let i = 1; i <= 12; i++) demo.simulator.tick(start + i * 5_000);
  const now = new Date(start + 60_000);
  return ruleBasedRca(
    await collectEvidence({
      alerts: [
        {
          labels: { alertname, namespace, deployment: name },
          annotations: {},
          startsAt: new Date(now.getTime() - 60_000),
          status: "firing",
        },
      ],
      now,
      cluster: createClusterReader(kc()),
      metrics: { reader: createPrometheusReader({ url: demo.env.PROMETHEUS_URL! }), catalog: defaultCatalog },
    }),
    new Date(now.getTime() - 60_000),
  );
}

describe("the live demo", () => {
  it("starts healthy: every workload ready, no alert condition", () => {
    for (const s of demo.simulator.state()) {
      expect(s.ready, `${s.namespace}/${s.name}`).toBe(s.replicas);
      expect(s.errorRatio).toBeLessThan(0.05);
      expect(s.throttled).toBeLessThan(0.25);
    }
  });

  it.each<[FaultKind, string, string, string, string]>([
    ["bad_deploy", "shop", "checkout", "HighErrorRate", "bad_deploy"],
    ["image_pull", "media", "image-api", "KubeContainerWaiting", "image_pull"],
    ["bad_config", "shop", "storefront", "KubePodCrashLooping", "bad_config"],
    ["oom", "media", "thumbnailer", "KubePodCrashLooping", "oom_killed"],
    ["cpu_saturation", "shop", "payments", "CPUThrottlingHigh", "cpu_saturation"],
    ["dependency_outage", "shop", "checkout", "HighErrorRate", "dependency_failure"],
  ])("%s on %s/%s: the evidence names it", async (kind, namespace, name, alertname, cause) => {
    const fault = demo.simulator.inject(kind, { namespace, name });
    try {
      const rca = await rcaFor(namespace, name, alertname);
      expect(rca.rootCause).toBe(cause);
    } finally {
      demo.simulator.clear(fault.id);
    }
    const after = demo.simulator.state().find((s) => s.namespace === namespace && s.name === name)!;
    expect(after.ready).toBe(after.replicas);
  });

  it("cpu_saturation at the quietest hour: the evidence names it all the same", async () => {
    // The demo's traffic follows the day (lowest at midnight UTC), and three times the night's
    // traffic alone loads no CPU: whatever hour the suite runs at, try the hour least likely
    // to show it. An hour of healthy samples first, the baseline the evidence compares with.
    // Last of the tests that read metrics: the simulator keeps 3 hours before its newest sample.
    const day = 86_400_000;
    const midnight = Math.ceil((clock + 2 * 3_600_000) / day) * day;
    for (let t = midnight - 3_600_000; t < midnight; t += 60_000) demo.simulator.tick(t);
    const fault = demo.simulator.inject("cpu_saturation", { namespace: "shop", name: "payments" });
    try {
      const rca = await rcaFor("shop", "payments", "CPUThrottlingHigh", midnight);
      expect(rca.rootCause).toBe("cpu_saturation");
    } finally {
      demo.simulator.clear(fault.id);
    }
  });

  it("fires a real webhook when a fault's condition holds, and resolves it once a rollout undo fixes it", async () => {
    const url = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
    demo.startAlerts(url, "token", { forMs: 0, intervalMs: 200 });
    demo.simulator.inject("bad_deploy", { namespace: "shop", name: "checkout" });
    await expect
      .poll(() => received.some((r) => r.status === "firing" && r.alertname === "HighErrorRate" && r.deployment === "checkout"), {
        timeout: 10_000,
      })
      .toBe(true);

    // What Vigil does after an approval: kubectl rollout undo, through the real client.
    const reader = createClusterReader(kc());
    const deployment = (await reader.getDeployment("shop", "checkout"))!;
    const plan = rollbackPatch(deployment, await reader.listReplicaSets("shop", "app=checkout"));
    expect(plan.ok).toBe(true);
    if (plan.ok) await createClusterWriter(kc()).patchDeployment("shop", "checkout", plan.patch, { traceId: "a".repeat(32) });
    await expect.poll(() => received.some((r) => r.status === "resolved" && r.deployment === "checkout"), { timeout: 10_000 }).toBe(true);
  });
});
