// GET /api/v1/namespaces/{ns}/pods/{pod}/log: which container instance a request reads, with
// the API server's checks (container name) and the kubelet's choice of instance
// (validateContainerLogStatus): a crash-looping container's current log is its last
// terminated one's, and asking for a previous container that never existed is a 400.
import type { ClusterStore } from "@/lib/cluster/sandbox/store";
import { findResource, type KubeObject } from "@/lib/cluster/sandbox/resources";
import { badRequest, objectNotFound, type Status } from "@/lib/cluster/sandbox/status";

type LogQuery = { container: string | null; previous: boolean; tailLines: number | null; limitBytes: number | null };
type ContainerStatus = { name: string; state?: Record<string, unknown>; lastState?: { terminated?: unknown } };
type PodShape = {
  spec?: {
    nodeName?: string;
    containers?: { name: string }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: { name: string }[];
  };
  status?: {
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
    ephemeralContainerStatuses?: ContainerStatus[];
  };
};

export type LogAnswer = { text: string } | { status: Status };

// Go's strconv.ParseBool, which the API server decodes query booleans with.
function parseBool(raw: string | null): boolean | null | undefined {
  if (raw === null) return undefined;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(raw)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(raw)) return false;
  return null;
}

function parseCount(raw: string | null, name: string, min: number): number | null | Status {
  if (raw === null) return null;
  if (!/^-?\d+$/.test(raw)) return badRequest(`${name}: Invalid value: "${raw}": must be an integer`);
  const value = Number(raw);
  return value < min ? badRequest(`${name}: Invalid value: ${value}: must be greater than or equal to ${min}`) : value;
}

function parseLogQuery(params: URLSearchParams): LogQuery | Status {
  const previous = parseBool(params.get("previous"));
  if (previous === null) return badRequest(`previous: Invalid value: "${params.get("previous")}": must be a boolean`);
  const tailLines = parseCount(params.get("tailLines"), "tailLines", 0);
  if (typeof tailLines === "object" && tailLines !== null) return tailLines;
  const limitBytes = parseCount(params.get("limitBytes"), "limitBytes", 1);
  if (typeof limitBytes === "object" && limitBytes !== null) return limitBytes;
  return { container: params.get("container") || null, previous: previous ?? false, tailLines, limitBytes };
}

/** tailLines keeps the last lines; limitBytes then cuts the output after that many bytes. */
function trimLog(text: string, query: LogQuery): string {
  let out = text;
  if (query.tailLines !== null) {
    const trailing = out.endsWith("\n");
    const lines = (trailing ? out.slice(0, -1) : out).split("\n");
    out = query.tailLines === 0 || out === "" ? "" : lines.slice(-query.tailLines).join("\n") + (trailing ? "\n" : "");
  }
  if (query.limitBytes !== null) {
    const bytes = Buffer.from(out, "utf8");
    if (bytes.length > query.limitBytes) out = bytes.subarray(0, query.limitBytes).toString("utf8");
  }
  return out;
}

function waitingMessage(container: string, pod: string, reason: unknown): string {
  const why =
    reason === "ErrImagePull"
      ? "image can't be pulled"
      : reason === "ImagePullBackOff"
        ? "trying and failing to pull image"
        : String(reason ?? "");
  return `container "${container}" in pod "${pod}" is waiting to start: ${why}`;
}

export function answerPodLog(store: ClusterStore, namespace: string, podName: string, params: URLSearchParams): LogAnswer {
  const query = parseLogQuery(params);
  if ("code" in query) return { status: query };
  const object: KubeObject | undefined = store.get("pods", namespace, podName);
  if (!object) return { status: objectNotFound(findResource("", "v1", "pods")!, podName) };
  const pod = object as PodShape;
  const containers = pod.spec?.containers ?? [];
  const all = [...containers, ...(pod.spec?.initContainers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map((c) => c.name);

  const container = query.container ?? (containers.length === 1 ? containers[0]!.name : null);
  if (container === null) {
    return {
      status: badRequest(
        `a container name must be specified for pod ${podName}, choose one of: [${containers.map((c) => c.name).join(" ")}]`,
      ),
    };
  }
  if (!all.includes(container)) return { status: badRequest(`container ${container} is not valid for pod ${podName}`) };
  // A pod not yet scheduled has no kubelet to ask: the API server answers with an empty log.
  if (!pod.spec?.nodeName) return { text: "" };

  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ];
  const status = statuses.find((s) => s.name === container);
  const recorded = (previous: boolean) => store.log(namespace, podName, container, previous);
  const answer = (text: string | undefined): LogAnswer => ({ text: trimLog(text ?? "", query) });

  if (query.previous) {
    const text = recorded(true);
    if (text !== undefined || status?.lastState?.terminated) return answer(text);
    return { status: badRequest(`previous terminated container "${container}" in pod "${podName}" not found`) };
  }
  // A log the scenario recorded for the current container wins over what its status implies.
  const current = recorded(false);
  if (current !== undefined) return answer(current);
  if (!status) return { status: badRequest(`container "${container}" in pod "${podName}" is not available`) };
  if (status.state?.running || status.state?.terminated) return answer("");
  if (status.lastState?.terminated) return answer(recorded(true));
  const waiting = status.state?.waiting as { reason?: string } | undefined;
  if (waiting) return { status: badRequest(waitingMessage(container, podName, waiting.reason)) };
  return { status: badRequest(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`) };
}
