// The cluster reader when no cluster is configured: every read fails with the reason, which
// the evidence collector records, so an investigation still runs on the alert alone.
import type { ClusterReader } from "@/lib/cluster/port";

export function unavailableCluster(reason: string): ClusterReader {
  const fail = async (): Promise<never> => {
    throw new Error(reason);
  };
  return {
    getDeployment: fail,
    getStatefulSet: fail,
    listReplicaSets: fail,
    listPods: fail,
    listEvents: fail,
    readPodLog: fail,
    listHorizontalPodAutoscalers: fail,
    getNode: fail,
    listServices: fail,
    listConfigMaps: fail,
    listPersistentVolumeClaims: fail,
    listNetworkPolicies: fail,
  };
}
