// What every write Vigil sends carries besides the change itself: the trace id, as the field
// manager (so managedFields name the investigation that changed a field) and as an annotation
// on the Deployment (so `kubectl get -o yaml` leads back to it), and the resourceVersion the
// plan was made against, so a Deployment changed since then fails with 409 Conflict instead of
// being overwritten. Pure, so the preview and the writer send the same bytes.
import type { DeploymentPatch, JsonPatchOp } from "@/lib/cluster/port";

export const traceAnnotation = "vigil.dev/trace-id";
const fieldManagerLimit = 128; // the API server rejects longer ones

function checkTraceId(traceId: string) {
  if (!/^[\x21-\x7e]+$/.test(traceId)) throw new Error(`trace id ${JSON.stringify(traceId)} must be printable ASCII without spaces`);
}

/** `vigil-<traceId>`, cut to the API server's 128 characters. */
export function fieldManagerFor(traceId: string): string {
  checkTraceId(traceId);
  return `vigil-${traceId}`.slice(0, fieldManagerLimit);
}

/** Whether a JSON patch sets `metadata.annotations` as a whole (as `rollout undo` does). */
export function setsAnnotations(operations: JsonPatchOp[]): boolean {
  return operations.some((op) => (op.op === "add" || op.op === "replace") && op.path === "/metadata/annotations");
}

export type TraceOptions = {
  traceId: string;
  resourceVersion?: string;
  /** For JSON patches: the Deployment has no annotations map, so one is added first. */
  annotationsAbsent?: boolean;
};

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function tracedPatch(patch: DeploymentPatch, { traceId, resourceVersion, annotationsAbsent }: TraceOptions): DeploymentPatch {
  checkTraceId(traceId);
  if (patch.type === "json") {
    const before: JsonPatchOp[] = [];
    // A replaced resourceVersion is the API server's own precondition: a mismatch answers 409
    // Conflict. A failed `test` op would answer a bare 422 that says nothing about why.
    if (resourceVersion !== undefined) before.push({ op: "replace", path: "/metadata/resourceVersion", value: resourceVersion });
    if (annotationsAbsent && !setsAnnotations(patch.body)) before.push({ op: "add", path: "/metadata/annotations", value: {} });
    // Last, so a patch that replaces the annotations wholesale keeps the trace id too.
    const trace: JsonPatchOp = {
      op: "add",
      path: `/metadata/annotations/${traceAnnotation.replace(/~/g, "~0").replace(/\//g, "~1")}`,
      value: traceId,
    };
    return { type: "json", body: [...before, ...patch.body, trace] };
  }
  const body = asRecord(patch.body);
  const metadata = asRecord(body.metadata);
  return {
    type: patch.type,
    body: {
      ...body,
      metadata: {
        ...metadata,
        annotations: { ...asRecord(metadata.annotations), [traceAnnotation]: traceId },
        ...(resourceVersion !== undefined ? { resourceVersion } : {}),
      },
    },
  };
}
