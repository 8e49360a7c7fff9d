// The running app's investigation ports, from configuration: a Kubernetes API URL (the
// demo's sandbox), a kubeconfig, or the in-cluster service account; Prometheus when
// PROMETHEUS_URL is set. Built once per process.
import "server-only";
import { env } from "@/lib/env";
import type { InvestigationPorts } from "@/lib/investigation/ports";
import type { KubeConfig } from "@kubernetes/client-node";
import { createClusterReader, kubeConfigFrom } from "@/lib/cluster/kubernetes";
import { unavailableCluster } from "@/lib/cluster/unavailable";
import { createPrometheusReader } from "@/lib/metrics/prometheus";
import { loadCatalog } from "@/lib/metrics/catalog";
import { createOllamaClient } from "@/lib/model/ollama";
import { createModelGuard } from "@/lib/rca/model/resilience";
import { runbookIndexFromEnv } from "@/lib/runbooks/runtime";
import { dbChangeFeed } from "@/lib/changes/db";
import { dbTelemetry } from "@/lib/telemetry/db";
import { getDb } from "@/lib/db/client";

const NO_CLUSTER = "no cluster configured: set KUBECONFIG or VIGIL_CLUSTER_URL, or run Vigil inside the cluster";

/** The cluster Vigil reads and writes, from configuration; null when there is none. */
export function kubeConfigFromEnv(): KubeConfig | null {
  if (env.VIGIL_CLUSTER_URL) return kubeConfigFrom({ server: env.VIGIL_CLUSTER_URL, token: env.VIGIL_CLUSTER_TOKEN });
  if (env.KUBECONFIG) return kubeConfigFrom({ kubeconfigPath: env.KUBECONFIG });
  if (env.KUBERNETES_SERVICE_HOST) return kubeConfigFrom({ inCluster: true });
  return null;
}

function cluster() {
  const kc = kubeConfigFromEnv();
  return kc ? createClusterReader(kc) : unavailableCluster(NO_CLUSTER);
}

/** Why there is no cluster to write to, for the unavailable writer. */
export const noClusterReason = NO_CLUSTER;

let ports: InvestigationPorts | undefined;

export function portsFromEnv(): InvestigationPorts {
  ports ??= {
    cluster: cluster(),
    metrics: env.PROMETHEUS_URL
      ? { reader: createPrometheusReader({ url: env.PROMETHEUS_URL }), catalog: loadCatalog(env.VIGIL_SIGNAL_CATALOG) }
      : null,
    // Deploys and config changes services pushed to the ingest API.
    changes: dbChangeFeed(getDb()),
    model: env.OLLAMA_HOST
      ? {
          client: createOllamaClient({ host: env.OLLAMA_HOST }),
          name: env.OLLAMA_MODEL,
          guard: createModelGuard({ latencyLimitMs: env.VIGIL_MODEL_LATENCY_LIMIT_MS }),
          timeoutMs: env.VIGIL_MODEL_TIMEOUT_MS,
          toolSteps: env.VIGIL_MODEL_TOOL_STEPS,
        }
      : null,
    rcaMode: env.VIGIL_RCA_MODE,
    // The runbook library (uploads and VIGIL_RUNBOOKS_DIR), embeddings when VIGIL_EMBED_MODEL is set.
    runbooks: runbookIndexFromEnv(),
    // Anomalies found in pushed telemetry, and the pushed error logs.
    telemetry: dbTelemetry(getDb()),
    now: () => new Date(),
  };
  return ports;
}
