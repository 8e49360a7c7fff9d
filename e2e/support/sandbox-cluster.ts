// The e2e server's sandbox cluster, read over its Kubernetes API as kubectl would: the specs
// check what Vigil changed in the cluster, not what Vigil says it changed.
import { expect, type APIRequestContext } from "@playwright/test";
import type { V1Deployment, V1PodTemplateSpec, V1ReplicaSet } from "@kubernetes/client-node";
import { clusterURL, E2E } from "../config";

async function get<T>(api: APIRequestContext, path: string): Promise<T> {
  const response = await api.get(`${clusterURL}${path}`, {
    headers: { authorization: `Bearer ${E2E.clusterToken}`, accept: "application/json" },
  });
  expect(response.status(), `GET ${path}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

export function readDeployment(api: APIRequestContext, namespace: string, name: string): Promise<V1Deployment> {
  return get(api, `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`);
}

/** The ReplicaSets a Deployment controls (by its selector and owner reference), newest revision first. */
export async function ownedReplicaSets(api: APIRequestContext, deployment: V1Deployment): Promise<V1ReplicaSet[]> {
  const selector = Object.entries(deployment.spec?.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const list = await get<{ items: V1ReplicaSet[] }>(
    api,
    `/apis/apps/v1/namespaces/${deployment.metadata!.namespace}/replicasets?labelSelector=${encodeURIComponent(selector)}`,
  );
  return list.items
    .filter((rs) =>
      rs.metadata?.ownerReferences?.some((ref) => ref.controller && ref.kind === "Deployment" && ref.uid === deployment.metadata?.uid),
    )
    .sort((a, b) => revisionOf(b) - revisionOf(a));
}

export const revisionOf = (object: V1Deployment | V1ReplicaSet): number =>
  Number(object.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? 0);

/** A ReplicaSet's pod template as its Deployment would carry it: without the pod-template-hash label. */
export function templateOf(replicaSet: V1ReplicaSet): V1PodTemplateSpec {
  const template = structuredClone(replicaSet.spec!.template!);
  delete template.metadata?.labels?.["pod-template-hash"];
  return template;
}

export const imagesOf = (template: V1PodTemplateSpec | undefined) => (template?.spec?.containers ?? []).map((c) => c.image);
