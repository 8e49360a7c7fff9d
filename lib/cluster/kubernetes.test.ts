// Every public scenario, served by the sandbox cluster and read back through the real
// @kubernetes/client-node over HTTP: what the reader returns must be what the scenario holds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClusterReader, kubeConfigFrom } from "@/lib/cluster/kubernetes";
import type { ClusterReader } from "@/lib/cluster/port";
import { labelSelectorString } from "@/lib/cluster/selector";
import { startSandboxCluster, type SandboxCluster } from "@/lib/cluster/sandbox/server";
import { loadScenarios, publicScenariosDir } from "@/lib/scenarios/load";
import type { K8sObject, Scenario } from "@/lib/scenarios/schema";

type Meta = { name: string; namespace?: string; labels?: Record<string, string> };
type ContainerStatus = { name: string; state?: Record<string, unknown>; lastState?: { terminated?: unknown } };

const meta = (object: K8sObject) => object.metadata as Meta;
const names = (objects: { metadata?: { name?: string } }[]) => objects.map((o) => o.metadata?.name).sort();
const inNamespace = (objects: K8sObject[], namespace: string) => objects.filter((o) => meta(o).namespace === namespace);
const namespacesOf = (objects: K8sObject[]) => [...new Set(objects.map((o) => meta(o).namespace!))];
const hasLabels = (object: K8sObject, wanted: Record<string, string>) =>
  Object.entries(wanted).every(([key, value]) => meta(object).labels?.[key] === value);

const scenarios = loadScenarios(publicScenariosDir);

it("has public scenarios to replay", () => {
  expect(scenarios.length).toBeGreaterThanOrEqual(12);
});

describe.each(scenarios.map((s) => [s.id, s] as [string, Scenario]))("scenario %s", (_id, scenario) => {
  const k8s = scenario.kubernetes;
  let sandbox: SandboxCluster;
  let reader: ClusterReader;

  beforeAll(async () => {
    sandbox = await startSandboxCluster({ state: k8s, logs: scenario.logs });
    reader = createClusterReader(kubeConfigFrom({ server: sandbox.url, token: sandbox.token }));
  });
  afterAll(() => sandbox.stop());

  it("reads the alert's deployment, and each deployment's pods and replicasets by its selector", async () => {
    for (const alert of scenario.alertmanager.alerts) {
      const { namespace, deployment } = alert.labels;
      if (!namespace || !deployment) continue;
      const found = await reader.getDeployment(namespace, deployment);
      expect(found?.metadata?.name).toBe(deployment);
      expect(found?.metadata?.namespace).toBe(namespace);
    }
    expect(k8s.deployments.length).toBeGreaterThan(0);
    for (const expected of k8s.deployments) {
      const { name, namespace } = meta(expected);
      const deployment = await reader.getDeployment(namespace!, name);
      expect(deployment?.spec?.replicas).toBe((expected.spec as { replicas?: number }).replicas);
      // The client turns timestamps into Dates.
      expect(deployment?.metadata?.creationTimestamp).toBeInstanceOf(Date);

      const matchLabels = deployment!.spec!.selector.matchLabels!;
      const selector = labelSelectorString(deployment!.spec!.selector)!;
      const pods = await reader.listPods(namespace!, selector);
      const expectedPods = inNamespace(k8s.pods, namespace!).filter((p) => hasLabels(p, matchLabels));
      expect(names(pods)).toEqual(names(expectedPods));
      expect(pods.length).toBeGreaterThan(0);
      for (const pod of pods) expect(pod.metadata?.labels).toMatchObject(matchLabels);

      const replicaSets = await reader.listReplicaSets(namespace!, selector);
      expect(names(replicaSets)).toEqual(names(inNamespace(k8s.replicasets, namespace!).filter((r) => hasLabels(r, matchLabels))));
      for (const rs of replicaSets) expect(rs.metadata?.annotations?.["deployment.kubernetes.io/revision"]).toMatch(/^\d+$/);
    }
  });

  it("reads events filtered by involvedObject.name (and kind)", async () => {
    type Involved = { name: string; kind: string };
    const involved = (e: K8sObject) => e.involvedObject as Involved;
    for (const namespace of namespacesOf(k8s.events)) {
      const events = inNamespace(k8s.events, namespace);
      for (const { name, kind } of new Map(events.map((e) => [involved(e).name, involved(e)])).values()) {
        const byName = await reader.listEvents(namespace, `involvedObject.name=${name}`);
        expect(names(byName)).toEqual(names(events.filter((e) => involved(e).name === name)));
        expect(byName.map((e) => e.message)).toEqual(events.filter((e) => involved(e).name === name).map((e) => e.message));

        const byKindAndName = await reader.listEvents(namespace, `involvedObject.kind=${kind},involvedObject.name=${name}`);
        expect(byKindAndName.length).toBeGreaterThan(0);
        expect(byKindAndName.every((e) => e.involvedObject.kind === kind && e.involvedObject.name === name)).toBe(true);
      }
      expect(names(await reader.listEvents(namespace))).toEqual(names(events));
    }
    const alertNamespace = scenario.alertmanager.alerts[0]!.labels.namespace!;
    expect(await reader.listEvents(alertNamespace, "involvedObject.name=no-such-object")).toEqual([]);
  });

  it("reads current and previous container logs as recorded; null where there was no previous container", async () => {
    expect(Object.keys(scenario.logs).length).toBeGreaterThan(0);
    for (const [key, text] of Object.entries(scenario.logs)) {
      const [path, suffix] = key.split("#");
      const [namespace, pod, container] = path!.split("/") as [string, string, string];
      expect(await reader.readPodLog(namespace, pod, container, { previous: suffix === "previous" })).toBe(text);
    }
    for (const pod of k8s.pods) {
      const { name, namespace } = meta(pod);
      const statuses = (pod.status as { containerStatuses?: ContainerStatus[] }).containerStatuses ?? [];
      for (const status of statuses) {
        const previousKey = `${namespace}/${name}/${status.name}#previous`;
        const current = scenario.logs[`${namespace}/${name}/${status.name}`];
        if (scenario.logs[previousKey] === undefined && !status.lastState?.terminated) {
          expect(await reader.readPodLog(namespace!, name, status.name, { previous: true })).toBeNull();
        }
        // A crash-looping container's "current" log is its last terminated one (kubelet behaviour).
        if (current === undefined && status.state?.waiting && scenario.logs[previousKey] !== undefined) {
          expect(await reader.readPodLog(namespace!, name, status.name)).toBe(scenario.logs[previousKey]);
        }
      }
    }
  });

  it("reads nodes, HPAs, statefulsets, services, config maps, PVCs and network policies", async () => {
    for (const node of k8s.nodes) {
      const read = await reader.getNode(meta(node).name);
      expect(read?.metadata?.name).toBe(meta(node).name);
      expect(read?.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(
        ((node.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).map((c) => `${c.type}=${c.status}`),
      );
    }
    expect(await reader.getNode("no-such-node")).toBeNull();
    for (const namespace of namespacesOf(k8s.hpas)) {
      const hpas = await reader.listHorizontalPodAutoscalers(namespace);
      expect(names(hpas)).toEqual(names(inNamespace(k8s.hpas, namespace)));
      const expected = inNamespace(k8s.hpas, namespace).map((h) => (h.spec as { maxReplicas: number }).maxReplicas);
      expect(hpas.map((h) => h.spec?.maxReplicas)).toEqual(expected);
    }
    for (const set of k8s.statefulsets) {
      expect((await reader.getStatefulSet(meta(set).namespace!, meta(set).name))?.metadata?.name).toBe(meta(set).name);
    }
    const lists: [K8sObject[], (namespace: string) => Promise<{ metadata?: { name?: string } }[]>][] = [
      [k8s.services, reader.listServices],
      [k8s.configmaps, reader.listConfigMaps],
      [k8s.persistentvolumeclaims, reader.listPersistentVolumeClaims],
      [k8s.networkpolicies, reader.listNetworkPolicies],
      [k8s.hpas, reader.listHorizontalPodAutoscalers],
    ];
    const alertNamespace = scenario.alertmanager.alerts[0]!.labels.namespace!;
    for (const [objects, listIn] of lists) {
      for (const namespace of new Set([alertNamespace, ...namespacesOf(objects)])) {
        expect(names(await listIn(namespace))).toEqual(names(inNamespace(objects, namespace)));
      }
    }
  });
});
