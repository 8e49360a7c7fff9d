// The sandbox's read API: turns a GET path into a resource, namespace, name and subresource the
// way the API server's router does, then lists (with label and field selectors), gets one
// object, or reads a pod's log, answering failures with the API server's Status objects.
import { answerPodLog } from "@/lib/cluster/sandbox/pod-log";
import { FieldSelectorError, matchesFields, parseFieldSelector } from "@/lib/cluster/sandbox/field-selector";
import { labelMatcher, SelectorParseError } from "@/lib/cluster/sandbox/label-selector";
import { apiVersionOf, fieldValue, findResource, supportsField, type Resource } from "@/lib/cluster/sandbox/resources";
import { badRequest, objectNotFound, unknownPath, type Status } from "@/lib/cluster/sandbox/status";
import type { ClusterStore } from "@/lib/cluster/sandbox/store";

export type ApiAnswer = { code: number; contentType: string; body: string };

export type Route = { resource: Resource; namespace?: string; name?: string; subresource?: string };

export const json = (code: number, value: unknown): ApiAnswer => ({ code, contentType: "application/json", body: JSON.stringify(value) });
export const statusAnswer = (status: Status): ApiAnswer => json(status.code, status);

function segments(pathname: string): string[] | null {
  try {
    return pathname
      .split("/")
      .filter((part) => part !== "")
      .map(decodeURIComponent);
  } catch {
    return null; // malformed %-escape
  }
}

export function route(pathname: string): Route | null {
  const parts = segments(pathname);
  if (!parts) return null;
  let group: string, version: string, rest: string[];
  if (parts[0] === "api" && parts.length >= 2) [group, version, rest] = ["", parts[1]!, parts.slice(2)];
  else if (parts[0] === "apis" && parts.length >= 3) [group, version, rest] = [parts[1]!, parts[2]!, parts.slice(3)];
  else return null;

  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3) [namespace, rest] = [rest[1]!, rest.slice(2)];
  const [plural, name, subresource, ...extra] = rest;
  const resource = plural === undefined ? undefined : findResource(group, version, plural);
  if (!resource || extra.length > 0) return null;
  if (resource.namespaced ? namespace === undefined && name !== undefined : namespace !== undefined) return null;
  if (subresource !== undefined && !(resource.key === "pods" && subresource === "log")) return null;
  return { resource, namespace, name, subresource };
}

function list(store: ClusterStore, { resource, namespace }: Route, params: URLSearchParams): ApiAnswer {
  let matchLabels: ReturnType<typeof labelMatcher>;
  let fieldRequirements: ReturnType<typeof parseFieldSelector>;
  try {
    matchLabels = labelMatcher(params.get("labelSelector"));
    fieldRequirements = parseFieldSelector(params.get("fieldSelector") ?? "");
  } catch (err) {
    if (err instanceof SelectorParseError || err instanceof FieldSelectorError) return statusAnswer(badRequest(err.message));
    throw err;
  }
  const unsupported = fieldRequirements.find(({ field }) => !supportsField(resource, field));
  if (unsupported) return statusAnswer(badRequest(`field label not supported: ${unsupported.field}`));

  const items = store
    .list(resource.key, namespace)
    .filter(
      (object) =>
        matchLabels(object.metadata.labels) && matchesFields(fieldRequirements, (field) => fieldValue(resource, object, field) ?? ""),
    );
  return json(200, {
    apiVersion: apiVersionOf(resource),
    kind: `${resource.kind}List`,
    metadata: { resourceVersion: store.resourceVersion() },
    items,
  });
}

export function answerGet(store: ClusterStore, url: URL): ApiAnswer {
  const found = route(url.pathname);
  if (!found) return statusAnswer(unknownPath());
  const { resource, namespace, name, subresource } = found;
  // Watches stream changes; the sandbox only answers reads, and says so instead of returning a list.
  if (["1", "t", "true", "True", "TRUE"].includes(url.searchParams.get("watch") ?? "")) {
    return statusAnswer(badRequest("the sandbox cluster does not serve watches"));
  }
  if (name === undefined) return list(store, found, url.searchParams);
  if (subresource === "log") {
    const answer = answerPodLog(store, namespace!, name, url.searchParams);
    return "status" in answer ? statusAnswer(answer.status) : { code: 200, contentType: "text/plain", body: answer.text };
  }
  const object = store.get(resource.key, namespace, name);
  if (!object) return statusAnswer(objectNotFound(resource, name));
  return json(200, { ...object, apiVersion: apiVersionOf(resource), kind: resource.kind });
}
