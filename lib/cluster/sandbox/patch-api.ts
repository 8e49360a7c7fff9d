// The sandbox's write API: PATCH of an apps/v1 Deployment, answered the way the API server
// answers it (415 for other content types, 404, 409 when the patched resourceVersion is stale,
// 422 for an invalid result or a JSON patch that does not apply, dryRun=All that stores
// nothing, fieldManager in managedFields), then the controllers run so reads see the rollout.
import { applyPatchLocally, jsonEqual, PatchError } from "@/lib/cluster/patch";
import type { DeploymentPatch } from "@/lib/cluster/port";
import { json, route, statusAnswer, type ApiAnswer } from "@/lib/cluster/sandbox/api";
import { syncDeployment, type ControllerOptions } from "@/lib/cluster/sandbox/controller";
import { apiVersionOf, type KubeObject } from "@/lib/cluster/sandbox/resources";
import {
  badRequest,
  conflict,
  failure,
  invalid,
  methodNotAllowed,
  objectNotFound,
  unknownPath,
  unprocessable,
  unsupportedMediaType,
  type Status,
} from "@/lib/cluster/sandbox/status";
import type { ClusterStore } from "@/lib/cluster/sandbox/store";
import { validateDeploymentUpdate } from "@/lib/cluster/sandbox/validation";

const patchTypes: Record<string, DeploymentPatch["type"]> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
};

export type PatchRequest = { contentType: string | undefined; body: string; userAgent: string | undefined };

type ManagedField = { manager: string; operation: string; apiVersion: string; time: string; fieldsType: string; fieldsV1: object };

// metav1validation.ValidatePatchOptions, for the two options a PATCH of ours carries.
function patchOptionsError(params: URLSearchParams): Status | null {
  const problems: string[] = [];
  const dryRun = params.getAll("dryRun");
  if (dryRun.some((value) => value !== "All")) {
    problems.push(`dryRun: Unsupported value: []string{${dryRun.map((v) => JSON.stringify(v)).join(", ")}}: supported values: "All"`);
  }
  const manager = params.get("fieldManager");
  if (manager !== null && manager.length > 128) problems.push("fieldManager: Too long: may not be more than 128 bytes");
  if (problems.length === 0) return null;
  return failure(
    422,
    "Invalid",
    `PatchOptions.meta.k8s.io "" is invalid: ${problems.length === 1 ? problems[0] : `[${problems.join(", ")}]`}`,
  );
}

// The API server names a client that gives no fieldManager after its User-Agent's product.
const managerOf = (params: URLSearchParams, userAgent: string | undefined) =>
  params.get("fieldManager") || userAgent?.split("/")[0] || "unknown";

function recordManager(object: KubeObject, manager: string, at: Date) {
  const fields = ((object.metadata.managedFields as ManagedField[] | undefined) ?? []).filter(
    (entry) => !(entry.manager === manager && entry.operation === "Update"),
  );
  const time = at.toISOString().replace(/\.\d{3}Z$/, "Z");
  fields.push({ manager, operation: "Update", apiVersion: "apps/v1", time, fieldsType: "FieldsV1", fieldsV1: {} });
  object.metadata.managedFields = fields;
}

export function answerPatch(store: ClusterStore, url: URL, request: PatchRequest, controller: ControllerOptions = {}): ApiAnswer {
  const found = route(url.pathname);
  if (!found) return statusAnswer(unknownPath());
  const { resource, namespace, name, subresource } = found;
  // The sandbox writes Deployments only; everything else it serves stays read-only.
  if (resource.key !== "deployments" || name === undefined || subresource !== undefined) return statusAnswer(methodNotAllowed());
  const type = patchTypes[(request.contentType ?? "").split(";")[0]!.trim().toLowerCase()];
  if (!type) return statusAnswer(unsupportedMediaType(Object.keys(patchTypes)));
  const optionsError = patchOptionsError(url.searchParams);
  if (optionsError) return statusAnswer(optionsError);

  const current = store.get("deployments", namespace, name);
  if (!current) return statusAnswer(objectNotFound(resource, name));
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch (err) {
    return statusAnswer(badRequest(`error decoding patch: ${(err as Error).message}`));
  }
  let patched: KubeObject;
  try {
    patched = applyPatchLocally(current, { type, body } as DeploymentPatch);
  } catch (err) {
    if (err instanceof PatchError) return statusAnswer(err.kind === "malformed" ? badRequest(err.message) : unprocessable());
    throw err;
  }

  const meta = patched.metadata;
  if (meta.name !== name || (meta.namespace ?? namespace) !== namespace) {
    return statusAnswer(badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`));
  }
  // The resourceVersion in the patched object is the precondition; none means unconditional.
  if (!meta.resourceVersion) meta.resourceVersion = current.metadata.resourceVersion;
  else if (meta.resourceVersion !== current.metadata.resourceVersion) return statusAnswer(conflict(resource, name));
  const causes = validateDeploymentUpdate(current, patched);
  if (causes.length > 0) return statusAnswer(invalid(resource, name, causes));

  patched.status = current.status; // the main resource's PATCH cannot write status
  patched.kind = current.kind;
  patched.apiVersion = current.apiVersion;
  const answer = (object: KubeObject) => json(200, { ...object, apiVersion: apiVersionOf(resource), kind: resource.kind });
  if (jsonEqual(patched, current)) return answer(current); // a no-op writes nothing, as etcd skips equal bytes

  const specChanged = !jsonEqual(current.spec, patched.spec);
  if (specChanged) meta.generation = Number(current.metadata.generation ?? 1) + 1;
  recordManager(patched, managerOf(url.searchParams, request.userAgent), (controller.now ?? (() => new Date()))());
  if (url.searchParams.getAll("dryRun").includes("All")) return answer(patched);

  const stored = store.put("deployments", patched);
  const template = (object: KubeObject) => (object.spec as { template?: unknown } | undefined)?.template;
  syncDeployment(store, namespace!, name, !jsonEqual(template(current), template(patched)), controller);
  return answer(stored);
}
