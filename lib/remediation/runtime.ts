// The running app's remediation ports, from the same configuration as the investigation's:
// the cluster it reads is the cluster it writes, through the same client and credentials.
import "server-only";
import type { RemediationPorts } from "@/lib/remediation/ports";
import { kubeConfigFromEnv, noClusterReason, portsFromEnv } from "@/lib/investigation/runtime";
import { createClusterWriter } from "@/lib/cluster/kubernetes";
import { unavailableWriter } from "@/lib/cluster/unavailable";
import { getPolicyConfig } from "@/lib/remediation/policy-config";
import { getNotifier } from "@/lib/notify/runtime";

let ports: RemediationPorts | undefined;

export function remediationPortsFromEnv(): RemediationPorts {
  if (ports) return ports;
  const investigation = portsFromEnv();
  const kc = kubeConfigFromEnv();
  ports = {
    cluster: investigation.cluster,
    writer: kc ? createClusterWriter(kc) : unavailableWriter(noClusterReason),
    metrics: investigation.metrics,
    policy: getPolicyConfig(),
    notifier: getNotifier(),
    watchtower: () => investigation.model?.guard.watchtower() ?? { active: false, reason: null },
    now: () => new Date(),
  };
  return ports;
}
