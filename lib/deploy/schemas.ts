// Validates rendered Kubernetes objects the way the API server would on `kubectl apply`:
// against the OpenAPI schema of their apiVersion/kind (kubernetes-models, and its Kyverno
// and prometheus-operator CRD packages), and — for built-in kinds — with strict field
// validation, so a misspelt field is an error rather than silently dropped. The field lists
// for that come from @kubernetes/client-node's generated models.
import * as k8s from "@kubernetes/client-node";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as batch from "kubernetes-models/batch/v1";
import * as autoscaling from "kubernetes-models/autoscaling/v2";
import * as flowcontrol from "kubernetes-models/flowcontrol.apiserver.k8s.io/v1";
import * as networking from "kubernetes-models/networking.k8s.io/v1";
import * as policy from "kubernetes-models/policy/v1";
import * as rbac from "kubernetes-models/rbac.authorization.k8s.io/v1";
import * as monitoring from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import * as monitoringAlpha from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1";
import * as kyverno from "@kubernetes-models/kyverno/kyverno.io/v1";
import type { K8sObject } from "./kustomize";

type ModelClass = new (data: object) => { validate(): void };

/** Schemas by apiVersion; an object of any other apiVersion is an error, not a pass. */
const modules: Record<string, Record<string, unknown>> = {
  v1: core,
  "apps/v1": apps,
  "batch/v1": batch,
  "autoscaling/v2": autoscaling,
  "flowcontrol.apiserver.k8s.io/v1": flowcontrol,
  "networking.k8s.io/v1": networking,
  "policy/v1": policy,
  "rbac.authorization.k8s.io/v1": rbac,
  "monitoring.coreos.com/v1": monitoring,
  "monitoring.coreos.com/v1alpha1": monitoringAlpha,
  "kyverno.io/v1": kyverno,
};

/** Built-in groups, whose objects also get strict (unknown-field) validation. */
const builtIn = new Set([
  "v1",
  "apps/v1",
  "batch/v1",
  "autoscaling/v2",
  "flowcontrol.apiserver.k8s.io/v1",
  "networking.k8s.io/v1",
  "policy/v1",
  "rbac.authorization.k8s.io/v1",
]);

type Attribute = { baseName: string; type: string };
type Model = { getAttributeTypeMap(): Attribute[] };
const models = k8s as unknown as Record<string, Model | undefined>;

function unknownFields(value: unknown, type: string, at: string, problems: string[]): void {
  if (value === null || value === undefined) return;
  const list = /^Array<(.+)>$/.exec(type);
  if (list) {
    if (Array.isArray(value)) value.forEach((item, i) => unknownFields(item, list[1]!, `${at}[${i}]`, problems));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value)) unknownFields(v, map[1]!, `${at}.${k}`, problems);
    return;
  }
  const model = models[type];
  if (!model?.getAttributeTypeMap || typeof value !== "object" || Array.isArray(value)) return;
  const attributes = model.getAttributeTypeMap();
  for (const [key, child] of Object.entries(value)) {
    const attribute = attributes.find((a) => a.baseName === key);
    if (!attribute) problems.push(`${at ? `${at}.` : ""}${key}: unknown field (${type} has no such field)`);
    else unknownFields(child, attribute.type, at ? `${at}.${key}` : key, problems);
  }
}

/** Problems with one object; empty when the API server would accept it. */
export function validateObject(object: K8sObject): string[] {
  const group = modules[object.apiVersion];
  if (!group) return [`no schema for apiVersion ${object.apiVersion} (add its models to lib/deploy/schemas.ts)`];
  const Model = group[object.kind] as ModelClass | undefined;
  if (typeof Model !== "function") return [`no schema for ${object.apiVersion} ${object.kind}`];
  const problems: string[] = [];
  try {
    new Model(object).validate();
  } catch (err) {
    problems.push(...(err as Error).message.split(", ").map((m) => m.replace(/^data\//, "").replace(/\//g, ".")));
  }
  if (builtIn.has(object.apiVersion)) {
    const version = object.apiVersion.split("/").pop()!;
    const typeName = `${version[0]!.toUpperCase()}${version.slice(1)}${object.kind}`;
    if (!models[typeName]) problems.push(`no field list for ${typeName} in @kubernetes/client-node`);
    else unknownFields(object, typeName, "", problems);
  }
  return problems;
}
