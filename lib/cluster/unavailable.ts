// The cluster reader when no cluster is configured: every read fails with the reason, which
// the evidence collector records, so an investigation still runs on the alert alone.
import type { ClusterReader, ClusterWriter } from "@/lib/cluster/port";
import { ClusterWriteError } from "@/lib/cluster/write-error";

export function unavailableCluster(reason: string): ClusterReader {
  const fail = async (): Promise<never> => {
    throw new Error(reason);
  };
  return {
    getDeployment: fail,
    getStatefulSet: fail,
    getDaemonSet: fail,
    getJob: fail,
    getCronJob: fail,
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

/** The writer when no cluster is configured: every write is refused with the reason. */
export function unavailableWriter(reason: string): ClusterWriter {
  return {
    async patchDeployment(namespace, name) {
      const request = `PATCH deployments/${namespace}/${name}`;
      throw new ClusterWriteError("network", null, request, undefined, undefined, `${request}: ${reason}`);
    },
  };
}
