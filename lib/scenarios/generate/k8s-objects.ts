// The supporting objects: Nodes (capacity, conditions, heartbeats), Services, ConfigMaps,
// PersistentVolumeClaims, NetworkPolicies and HorizontalPodAutoscalers in their API shapes.
import { ip } from "./names";
import { iso, MIN, SEC } from "./time";
import type { NodePlan, Obj, Workload, World } from "./types";

export function renderNode(w: World, n: NodePlan): Obj {
  const order = ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"] as const;
  const stopped = n.conditions.Ready?.status === "Unknown" ? (n.conditions.Ready.since as number) - 40 * SEC : undefined;
  const providerID: Record<string, string> = {
    eks: `aws:///${n.zone}/i-0${w.g.hex(16)}`,
    gke: `gce://${w.cluster.domain}-prod/${n.zone}/${n.name}`,
    aks: `azure:///subscriptions/${w.g.uid()}/resourceGroups/mc_${w.cluster.name}/providers/Microsoft.Compute/virtualMachineScaleSets/${n.name.replace(/vmss\d+$/, "vmss")}/virtualMachines/${Number(n.name.slice(-6))}`,
  };
  const memKi = n.memGi * 1024 * 1024;
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: n.name,
      uid: w.g.uid(),
      resourceVersion: String(w.g.int(10_000_000, 99_999_999)),
      creationTimestamp: iso(n.createdAt),
      labels: n.labels,
      annotations: { "node.alpha.kubernetes.io/ttl": "0", "volumes.kubernetes.io/controller-managed-attach-detach": "true" },
    },
    spec: {
      ...(providerID[w.cluster.provider] ? { providerID: providerID[w.cluster.provider] } : {}),
      ...(n.taints.length ? { taints: n.taints } : {}),
      ...(n.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      capacity: { cpu: String(n.cpu), "ephemeral-storage": "104845292Ki", memory: `${memKi - 400_000}Ki`, pods: "110" },
      allocatable: {
        cpu: `${n.cpu * 1000 - (n.cpu > 4 ? 110 : 80)}m`,
        "ephemeral-storage": "95551679124",
        memory: `${Math.round(memKi * 0.88)}Ki`,
        pods: "110",
      },
      conditions: order
        .map((type) => {
          const c = n.conditions[type];
          if (!c) return undefined;
          return {
            type,
            status: c.status,
            lastHeartbeatTime: iso(stopped ?? w.now - w.g.int(5, 50) * SEC),
            lastTransitionTime: iso(c.since),
            reason: c.reason,
            message: c.message,
          };
        })
        .filter(Boolean),
      addresses: [
        { type: "InternalIP", address: n.ip },
        { type: "Hostname", address: n.name },
      ],
      nodeInfo: {
        kubeletVersion: n.kubelet,
        kubeProxyVersion: n.kubelet,
        containerRuntimeVersion: `containerd://${w.g.pick(["1.7.20", "1.7.22", "1.6.33"])}`,
        osImage: {
          eks: "Amazon Linux 2023.5.20240805",
          gke: "Container-Optimized OS from Google",
          aks: "Ubuntu 22.04.4 LTS",
          kubeadm: "Ubuntu 22.04.4 LTS",
        }[w.cluster.provider],
        kernelVersion: { eks: "6.1.102-111.182.amzn2023.x86_64", gke: "6.1.90+", aks: "5.15.0-1068-azure", kubeadm: "5.15.0-119-generic" }[
          w.cluster.provider
        ],
        architecture: "amd64",
        operatingSystem: "linux",
      },
    },
  };
}

export type ServiceInfo = { name: string; host: string; fqdn: string; ip: string; port: number };

export function addService(
  w: World,
  name: string,
  selector: Record<string, string>,
  port: number,
  o: { targetPort?: number | string; headless?: boolean; portName?: string } = {},
): ServiceInfo {
  const clusterIP = o.headless ? "None" : ip(w.g, w.cluster.svcNet);
  w.objects.services.push({
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name,
      namespace: w.ns,
      uid: w.g.uid(),
      resourceVersion: String(w.g.int(1_000_000, 99_999_999)),
      creationTimestamp: iso(w.now - w.g.int(30, 400) * 24 * 60 * MIN),
      labels: { ...selector },
    },
    spec: {
      type: "ClusterIP",
      clusterIP,
      clusterIPs: [clusterIP],
      selector,
      ports: [{ name: o.portName ?? "tcp", port, protocol: "TCP", targetPort: o.targetPort ?? port }],
      sessionAffinity: "None",
      internalTrafficPolicy: "Cluster",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
    },
    status: { loadBalancer: {} },
  });
  return { name, host: name, fqdn: `${name}.${w.ns}.svc.cluster.local`, ip: clusterIP, port };
}

export function addConfigMap(w: World, name: string, data: Record<string, string>, at?: number): void {
  w.objects.configmaps.push({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name,
      namespace: w.ns,
      uid: w.g.uid(),
      resourceVersion: String(w.g.int(1_000_000, 99_999_999)),
      creationTimestamp: iso(at ?? w.now - w.g.int(5, 200) * 24 * 60 * MIN),
    },
    data,
  });
}

export function addPvc(w: World, name: string, sizeGi: number, labels: Record<string, string>, at: number): void {
  const sc = { eks: "gp3", gke: "premium-rwo", aks: "managed-csi", kubeadm: "local-path" }[w.cluster.provider];
  w.objects.persistentvolumeclaims.push({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name,
      namespace: w.ns,
      uid: w.g.uid(),
      resourceVersion: String(w.g.int(1_000_000, 99_999_999)),
      creationTimestamp: iso(at),
      labels,
      annotations: {
        "pv.kubernetes.io/bind-completed": "yes",
        "volume.kubernetes.io/storage-provisioner": {
          eks: "ebs.csi.aws.com",
          gke: "pd.csi.storage.gke.io",
          aks: "disk.csi.azure.com",
          kubeadm: "rancher.io/local-path",
        }[w.cluster.provider],
      },
    },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: `${sizeGi}Gi` } },
      storageClassName: sc,
      volumeMode: "Filesystem",
      volumeName: `pvc-${w.g.uid()}`,
    },
    status: { phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: `${sizeGi}Gi` } },
  });
}

export function addNetworkPolicy(w: World, name: string, spec: Obj, at: number): void {
  w.objects.networkpolicies.push({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: {
      name,
      namespace: w.ns,
      uid: w.g.uid(),
      resourceVersion: String(w.g.int(1_000_000, 99_999_999)),
      generation: 1,
      creationTimestamp: iso(at),
    },
    spec,
  });
}

export type HpaOpts = {
  min: number;
  max: number;
  currentReplicas: number;
  desired: number;
  targetCpu: number;
  currentCpu: number;
  limitedSince?: number;
};

export function addHpa(w: World, wl: Workload, o: HpaOpts): void {
  const limited = o.limitedSince !== undefined;
  const t = o.limitedSince ?? w.now - w.g.int(2, 30) * 24 * 60 * MIN;
  w.objects.hpas.push({
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: {
      name: wl.name,
      namespace: wl.ns,
      uid: w.g.uid(),
      resourceVersion: String(w.g.int(1_000_000, 99_999_999)),
      creationTimestamp: iso(wl.createdAt),
      labels: { ...wl.labels },
    },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: wl.kind, name: wl.name },
      minReplicas: o.min,
      maxReplicas: o.max,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: o.targetCpu } } }],
    },
    status: {
      currentReplicas: o.currentReplicas,
      desiredReplicas: o.desired,
      currentMetrics: [
        {
          type: "Resource",
          resource: { name: "cpu", current: { averageUtilization: o.currentCpu, averageValue: `${Math.round(o.currentCpu * 2.5)}m` } },
        },
      ],
      conditions: [
        {
          type: "AbleToScale",
          status: "True",
          lastTransitionTime: iso(wl.createdAt),
          reason: limited ? "ReadyForNewScale" : "ScaleDownStabilized",
          message: limited
            ? "recommended size matches current size"
            : "recent recommendations were higher than current one, applying the highest recent recommendation",
        },
        {
          type: "ScalingActive",
          status: "True",
          lastTransitionTime: iso(wl.createdAt),
          reason: "ValidMetricFound",
          message: "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
        },
        limited
          ? {
              type: "ScalingLimited",
              status: "True",
              lastTransitionTime: iso(t),
              reason: "TooManyReplicas",
              message: "the desired replica count is more than the maximum replica count",
            }
          : {
              type: "ScalingLimited",
              status: "False",
              lastTransitionTime: iso(t),
              reason: "DesiredWithinRange",
              message: "the desired count is within the acceptable range",
            },
      ],
    },
  });
}
