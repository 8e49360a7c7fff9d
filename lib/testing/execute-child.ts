// A second process that executes one approved action, for the crash tests: it is killed
// mid-execution (lib/remediation/crash.postgres.integration.test.ts), as a server would be.
// Run with tsx --conditions=react-server; everything it needs comes in its environment.
import { createDb } from "@/lib/db/client";
import { createClusterReader, createClusterWriter, kubeConfigFrom } from "@/lib/cluster/kubernetes";
import { executeAction } from "@/lib/remediation/execute";
import { policyConfig } from "@/lib/remediation/policy-config";

const need = (name: string) =>
  process.env[name] ??
  (() => {
    throw new Error(`${name} is not set`);
  })();
const { db } = createDb(need("DATABASE_URL"), 2);
const kc = kubeConfigFrom({ server: need("CHILD_KUBE_URL"), token: need("CHILD_KUBE_TOKEN") });
const result = await executeAction(
  db,
  need("CHILD_ACTION_ID"),
  {
    cluster: createClusterReader(kc),
    writer: createClusterWriter(kc, { timeoutMs: 600_000 }),
    metrics: null,
    policy: policyConfig({ maxExecutionsPerWorkload: 1000 }, { approvalTtlMinutes: 15, verifyTimeoutS: 300 }),
    notifier: { notify: async () => undefined },
    watchtower: () => ({ active: false, reason: null }),
    now: () => new Date(),
  },
  { type: "user", id: need("CHILD_USER_ID") },
);
// Reaching this line means the test failed to stop the process in time.
console.log(JSON.stringify(result));
process.exit(0);
