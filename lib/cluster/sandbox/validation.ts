// The API server's validation of a Deployment update, for the fields a remediation can get
// wrong: a negative replica count, a template whose labels its selector no longer matches, a
// changed selector (immutable in apps/v1), a template without containers or images. Failures
// become the 422 Invalid Status with one cause per field, as apps/validation reports them.
import type { V1LabelSelector } from "@kubernetes/client-node";
import { jsonEqual } from "@/lib/cluster/patch";
import { labelSelectorString } from "@/lib/cluster/selector";
import { labelMatcher } from "@/lib/cluster/sandbox/label-selector";
import type { StatusCause } from "@/lib/cluster/sandbox/status";

type DeploymentShape = {
  spec?: {
    replicas?: unknown;
    selector?: V1LabelSelector;
    template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: { name?: string; image?: string }[] } };
  };
};

const invalidValue = (field: string, value: string, detail: string): StatusCause => ({
  reason: "FieldValueInvalid",
  message: `Invalid value: ${value}: ${detail}`,
  field,
});
const required = (field: string): StatusCause => ({ reason: "FieldValueRequired", message: "Required value", field });

// Go's %#v of a map[string]string, which the API server prints for label maps.
const goMap = (labels: Record<string, string> | undefined) =>
  `map[string]string{${Object.keys(labels ?? {})
    .sort()
    .map((key) => `${JSON.stringify(key)}:${JSON.stringify(labels![key])}`)
    .join(", ")}}`;

function selectorMatches(selector: V1LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  try {
    const text = labelSelectorString(selector);
    return text !== null && text !== "" && labelMatcher(text)(labels);
  } catch {
    return false;
  }
}

export function validateDeploymentUpdate(before: object, after: object): StatusCause[] {
  const [current, next] = [before as DeploymentShape, after as DeploymentShape];
  const causes: StatusCause[] = [];
  const replicas = next.spec?.replicas;
  if (replicas !== undefined && (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0)) {
    causes.push(invalidValue("spec.replicas", JSON.stringify(replicas), "must be greater than or equal to 0"));
  }
  if (!jsonEqual(current.spec?.selector ?? null, next.spec?.selector ?? null)) {
    causes.push(invalidValue("spec.selector", JSON.stringify(next.spec?.selector ?? null), "field is immutable"));
  }
  const labels = next.spec?.template?.metadata?.labels;
  if (!selectorMatches(next.spec?.selector, labels)) {
    causes.push(invalidValue("spec.template.metadata.labels", goMap(labels), "`selector` does not match template `labels`"));
  }
  const containers = next.spec?.template?.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) causes.push(required("spec.template.spec.containers"));
  else {
    containers.forEach((container, i) => {
      if (!container?.name) causes.push(required(`spec.template.spec.containers[${i}].name`));
      if (!container?.image) causes.push(required(`spec.template.spec.containers[${i}].image`));
    });
  }
  return causes;
}
