// An action's way into the cluster and back: the Kubernetes request as it was sent (the
// previewed patch with the resourceVersion precondition and the trace annotation the writer
// adds), how the API server answered, and the verification of what it changed. Pure.
import type { KubernetesRequestDetail, VerificationDetail } from "@/lib/lineage/types";
import { parsePreview, parseRequestEvent, parseResult, parseVerification } from "@/lib/lineage/stored";
import { iso, type ActionRecord, type AuditRecord } from "@/lib/lineage/records";
import { fieldManagerFor, tracedPatch } from "@/lib/cluster/traced-patch";
import type { DeploymentPatch } from "@/lib/cluster/port";

const contentTypes: Record<DeploymentPatch["type"], string> = {
  json: "application/json-patch+json",
  merge: "application/merge-patch+json",
  strategic: "application/strategic-merge-patch+json",
};

export function kubernetesRequest(
  a: ActionRecord,
  traceId: string,
  executing?: AuditRecord,
  executed?: AuditRecord,
  failed?: AuditRecord,
): { detail: KubernetesRequestDetail; event?: AuditRecord } | null {
  const result = parseResult(a.result);
  const sent = parseRequestEvent(executing?.data);
  const failure = parseRequestEvent(failed?.data);
  if (!result && !executing && !failed) return null;
  const request =
    result?.request ?? sent?.request ?? failure?.request ?? `PATCH /apis/apps/v1/namespaces/${a.namespace}/deployments/${a.name}`;
  const [method = "PATCH", path = request] = request.split(" ", 2);
  const preview = parsePreview(a.preview);
  const patch = preview?.patch as DeploymentPatch | null | undefined;
  const before = result?.resourceVersion?.before ?? sent?.resourceVersion ?? null;
  let body: unknown = null;
  try {
    // The bytes the writer sends: the previewed patch, bound to the version read just before, carrying the trace id.
    body = patch ? tracedPatch(patch, { traceId, resourceVersion: before ?? undefined }).body : null;
  } catch {
    body = patch?.body ?? null;
  }
  const outcome: KubernetesRequestDetail["outcome"] = result ? "applied" : failed ? (executing ? "failed" : "not_sent") : "in_flight";
  return {
    event: executed ?? failed ?? executing,
    detail: {
      actionId: a.id,
      outcome,
      method,
      path,
      request,
      contentType: patch ? contentTypes[patch.type] : null,
      fieldManager: fieldManagerFor(traceId),
      body,
      status: result?.status ?? failure?.status ?? null,
      resourceVersion: { before, after: result?.resourceVersion?.after ?? null },
      generation: result?.generation ?? null,
      revisionAtWrite: result?.revisionAtWrite ?? null,
      traceAnnotation: result?.traceAnnotation ?? null,
      autonomousPolicy: sent?.autonomousPolicy ?? a.autonomousPolicy,
      error: result ? null : (failure?.reason ?? a.error),
      errorKind: failure?.kind ?? null,
      sentAt: iso(executing?.at),
      answeredAt: iso(result ? (executed?.at ?? a.executedAt) : failed?.at),
    },
  };
}

export function verificationOf(a: ActionRecord): VerificationDetail | null {
  const check = parseVerification(a.verification);
  const executed = a.executedAt !== null && (a.state === "executed" || a.state === "rolled_back");
  if (!check && !executed) return null;
  return {
    actionId: a.id,
    status: a.effective === true ? "verified" : a.effective === false ? "ineffective" : "pending",
    rollout: {
      ok: check?.rollout.ready ?? null,
      detail: check?.rollout.detail ?? "not checked yet",
      revision: check?.rollout.revision ?? null,
    },
    alerts: { ok: check?.alerts.cleared ?? null, detail: check?.alerts.detail ?? "not checked yet" },
    promql: { ok: check?.promql.cleared ?? null, detail: check?.promql.detail ?? "not checked yet" },
    checkedAt: check?.checkedAt ?? null,
    verifiedAt: iso(a.verifiedAt),
  };
}
