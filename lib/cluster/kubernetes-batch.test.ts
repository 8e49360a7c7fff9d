// DaemonSets, Jobs and CronJobs served by the sandbox cluster and read back through the real
// @kubernetes/client-node over HTTP, as an incident on one of them is investigated.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createClusterReader, kubeConfigFrom } from "@/lib/cluster/kubernetes";
import type { ClusterReader } from "@/lib/cluster/port";
import { startSandboxCluster, type SandboxCluster } from "@/lib/cluster/sandbox/server";

const meta = (name: string) => ({ name, namespace: "batch", creationTimestamp: "2026-12-01T00:00:00Z" });
const state = {
  daemonsets: [
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: meta("log-agent"),
      spec: { selector: { matchLabels: { app: "log-agent" } } },
      status: { numberReady: 2, desiredNumberScheduled: 3 },
    },
  ],
  jobs: [
    {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: meta("nightly-27871200"),
      spec: { backoffLimit: 2 },
      status: { failed: 3, conditions: [{ type: "Failed", status: "True", reason: "BackoffLimitExceeded" }] },
    },
  ],
  cronjobs: [
    {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: meta("nightly"),
      spec: { schedule: "0 2 * * *", jobTemplate: { spec: {} } },
      status: {},
    },
  ],
};

let sandbox: SandboxCluster;
let reader: ClusterReader;
beforeAll(async () => {
  sandbox = await startSandboxCluster({ state, logs: {} });
  reader = createClusterReader(kubeConfigFrom({ server: sandbox.url, token: sandbox.token }));
});
afterAll(() => sandbox.stop());

it("reads a DaemonSet, a Job and a CronJob, and null for one that does not exist", async () => {
  expect((await reader.getDaemonSet("batch", "log-agent"))?.status?.desiredNumberScheduled).toBe(3);
  const job = await reader.getJob("batch", "nightly-27871200");
  expect(job?.status?.conditions?.[0]?.reason).toBe("BackoffLimitExceeded");
  expect((await reader.getCronJob("batch", "nightly"))?.spec?.schedule).toBe("0 2 * * *");
  expect(await reader.getJob("batch", "absent")).toBeNull();
  expect(await reader.getDaemonSet("other", "log-agent")).toBeNull();
});
