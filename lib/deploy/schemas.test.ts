// The schema check catches what the API server would refuse: wrong types, missing required
// fields, misspelt fields (strict validation), invalid custom resources, unknown kinds.
import { describe, expect, it } from "vitest";
import type { K8sObject } from "./kustomize";
import { validateObject } from "./schemas";

const deployment = (container: Record<string, unknown>, spec: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "app" },
  spec: {
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "web:1", ...container }] } },
    ...spec,
  },
});

describe("validateObject", () => {
  it("accepts a valid object", () => {
    expect(validateObject(deployment({ ports: [{ containerPort: 3000 }] }))).toEqual([]);
  });

  it("reports wrong types and missing required fields", () => {
    expect(validateObject(deployment({}, { replicas: "3" }))).toEqual(["spec.replicas must be integer"]);
    expect(validateObject(deployment({ ports: [{ name: "http" }] })).join()).toMatch(/containerPort/);
  });

  it("reports fields the API server does not know, with their path", () => {
    expect(validateObject(deployment({ readinesProbe: {} }))).toEqual([
      "spec.template.spec.containers[0].readinesProbe: unknown field (V1Container has no such field)",
    ]);
    expect(validateObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", lables: {} } as K8sObject["metadata"] })).toEqual([
      "metadata.lables: unknown field (V1ObjectMeta has no such field)",
    ]);
  });

  it("validates custom resources against their CRD schemas", () => {
    const policy = { apiVersion: "kyverno.io/v1", kind: "ClusterPolicy", metadata: { name: "p" }, spec: { rules: "none" } };
    expect(validateObject(policy).join()).toMatch(/spec.rules must be array/);
    const rule = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "r" },
      spec: { groups: [{ rules: [] }] },
    };
    expect(validateObject(rule).join()).toMatch(/name/);
  });

  it("refuses kinds it has no schema for", () => {
    expect(validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } })).toEqual([
      "no schema for apiVersion example.com/v1 (add its models to lib/deploy/schemas.ts)",
    ]);
  });
});
