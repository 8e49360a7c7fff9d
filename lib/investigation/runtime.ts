// The running app's investigation ports, from configuration: a Kubernetes API URL (the
// demo's sandbox), a kubeconfig, or the in-cluster service account; Prometheus when
// PROMETHEUS_URL is set. Built once per process.
import "server-only";
import { env } from "@/lib/env";
import type { InvestigationPorts } from "@/lib/investigation/ports";
import { createClusterReader, kubeConfigFrom } from "@/lib/cluster/kubernetes";
import { unavailableCluster } from "@/lib/cluster/unavailable";
import { createPrometheusReader } from "@/lib/metrics/prometheus";
import { loadCatalog } from "@/lib/metrics/catalog";
import { createOllamaClient } from "@/lib/model/ollama";
import { createModelGuard } from "@/lib/rca/model/resilience";

function cluster() {
  if (env.VIGIL_CLUSTER_URL) return createClusterReader(kubeConfigFrom({ server: env.VIGIL_CLUSTER_URL, token: env.VIGIL_CLUSTER_TOKEN }));
  if (env.KUBECONFIG) return createClusterReader(kubeConfigFrom({ kubeconfigPath: env.KUBECONFIG }));
  if (env.KUBERNETES_SERVICE_HOST) return createClusterReader(kubeConfigFrom({ inCluster: true }));
  return unavailableCluster("no cluster configured: set KUBECONFIG or VIGIL_CLUSTER_URL, or run Vigil inside the cluster");
}

let ports: InvestigationPorts | undefined;

export function portsFromEnv(): InvestigationPorts {
  ports ??= {
    cluster: cluster(),
    metrics: env.PROMETHEUS_URL ? { reader: createPrometheusReader({ url: env.PROMETHEUS_URL }), catalog: loadCatalog(env.VIGIL_SIGNAL_CATALOG) } : null,
    changes: null,
    model: env.OLLAMA_HOST
      ? {
          client: createOllamaClient({ host: env.OLLAMA_HOST }),
          name: env.OLLAMA_MODEL,
          guard: createModelGuard({ latencyLimitMs: env.VIGIL_MODEL_LATENCY_LIMIT_MS }),
          timeoutMs: env.VIGIL_MODEL_TIMEOUT_MS,
          toolSteps: env.VIGIL_MODEL_TOOL_STEPS,
        }
      : null,
    now: () => new Date(),
  };
  return ports;
}
