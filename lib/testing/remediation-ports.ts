// Remediation ports for a scenario world in tests: the sandbox cluster read and written through
// the real Kubernetes client, its fake Prometheus, a policy that leaves the rate limit to the
// tests that are about it (every test acts on the same Deployment in a shared database),
// silent notifications unless a test listens, and the real clock unless it moves it.
import type { ScenarioWorld } from "@/lib/scenarios/world";
import type { RemediationPorts } from "@/lib/remediation/ports";
import type { Notifier } from "@/lib/notify/notifier";
import { createClusterWriter, kubeConfigFrom } from "@/lib/cluster/kubernetes";
import { policyConfig, type PolicyFile } from "@/lib/remediation/policy-config";

export type TestPortsOptions = {
  policy?: PolicyFile;
  verifyTimeoutS?: number;
  writeTimeoutMs?: number;
  notifier?: Notifier;
  now?: () => Date;
};

export function remediationPortsFor(world: ScenarioWorld, options: TestPortsOptions = {}): RemediationPorts {
  return {
    cluster: world.ports.cluster,
    writer: createClusterWriter(kubeConfigFrom({ server: world.cluster.url, token: world.cluster.token }), {
      timeoutMs: options.writeTimeoutMs ?? 2_000,
    }),
    metrics: world.ports.metrics,
    policy: policyConfig(
      { maxExecutionsPerWorkload: 1000, ...options.policy },
      { approvalTtlMinutes: 15, verifyTimeoutS: options.verifyTimeoutS ?? 300 },
    ),
    notifier: options.notifier ?? { notify: async () => undefined },
    watchtower: () => ({ active: false, reason: null }),
    now: options.now ?? (() => new Date()),
  };
}
