// Read-only tools the model may call before it answers: more of a pod's log, one signal's
// series, a compact description of an object. Bounded on every side, because the model's
// requests are shaped by untrusted evidence: the incident's namespace only, a step limit,
// per-tool output caps, no repeated identical calls, and every output redacted and
// numbered as evidence (E<n>) the answer can cite.
import "server-only";
import { z } from "zod";
import type { ClusterReader } from "@/lib/cluster/port";
import type { MetricsReader, SignalCatalog } from "@/lib/metrics/port";
import type { ToolCall, ToolSpec } from "@/lib/model/port";
import type { EvidenceItem, Subject } from "@/lib/evidence/types";
import { signals } from "@/lib/scenarios/schema";
import { draft, type Draft } from "@/lib/evidence/draft";
import { compactLine } from "@/lib/evidence/log-lines";
import { countTokens, itemText } from "@/lib/evidence/tokens";
import { aggregation, combine, formatSignal, seriesFor } from "@/lib/evidence/sources/metrics";
import { describeObject, describableKinds } from "@/lib/rca/model/describe";

/** Lines and tokens one tool answer may carry into the conversation. */
export const TOOL_MAX_LINES = 30;
export const TOOL_MAX_TOKENS = 500;
const LOG_TAIL = 300;
const SERIES_POINTS = 15;

export type ToolContext = {
  cluster: ClusterReader;
  metrics: { reader: MetricsReader; catalog: SignalCatalog } | null;
  subject: Subject;
  alertStart: Date;
  now: Date;
};

/** One executed (or refused) call: what the model reads back, and the evidence it produced. */
export type ToolAnswer = { call: ToolCall; text: string; item: EvidenceItem | null; refused: string | null };

export type Toolbox = {
  specs: ToolSpec[];
  /** Calls left before the step limit. */
  remaining(): number;
  run(call: ToolCall): Promise<ToolAnswer>;
  /** The evidence the tools produced, in call order. */
  items(): EvidenceItem[];
};

const args = {
  get_pod_logs: z.strictObject({
    pod: z.string().min(1).max(253),
    container: z.string().min(1).max(63).optional(),
    previous: z.boolean().optional(),
    contains: z.string().min(1).max(80).optional(),
  }),
  query_signal: z.strictObject({ signal: z.enum(signals) }),
  describe_object: z.strictObject({ kind: z.enum(describableKinds), name: z.string().min(1).max(253) }),
};
type ToolName = keyof typeof args;

export function toolSpecs(): ToolSpec[] {
  return [
    {
      name: "get_pod_logs",
      description: "Read more of a pod's log in the incident's namespace: the last lines, or only lines containing a text.",
      parameters: {
        type: "object",
        properties: {
          pod: { type: "string", description: "pod name" },
          container: { type: "string", description: "container name; the first container when omitted" },
          previous: { type: "boolean", description: "the previous (crashed) container's log" },
          contains: { type: "string", description: "only lines containing this text (case-insensitive)" },
        },
        required: ["pod"],
      },
    },
    {
      name: "query_signal",
      description: "The workload's time series for one signal, around the alert.",
      parameters: { type: "object", properties: { signal: { type: "string", enum: [...signals] } }, required: ["signal"] },
    },
    {
      name: "describe_object",
      description: "A compact description of an object in the incident's namespace (a Node is cluster-wide).",
      parameters: {
        type: "object",
        properties: { kind: { type: "string", enum: [...describableKinds] }, name: { type: "string", description: "object name" } },
        required: ["kind", "name"],
      },
    },
  ];
}

/** `firstId`: the number of the first evidence id the tools may use (after the collected ones). */
export function createToolbox(ctx: ToolContext, { maxSteps, firstId }: { maxSteps: number; firstId: number }): Toolbox {
  const answered = new Map<string, string>();
  const produced: EvidenceItem[] = [];
  let steps = 0;

  async function execute(name: ToolName, input: unknown): Promise<Draft> {
    switch (name) {
      case "get_pod_logs":
        return podLogs(ctx, args.get_pod_logs.parse(input));
      case "query_signal":
        return signalSeries(ctx, args.query_signal.parse(input).signal);
      case "describe_object": {
        const { kind, name: object } = args.describe_object.parse(input);
        return describeObject(ctx.cluster, ctx.subject.namespace, kind, object);
      }
    }
  }

  return {
    specs: toolSpecs(),
    remaining: () => Math.max(0, maxSteps - steps),
    items: () => [...produced],
    async run(call) {
      const refuse = (why: string): ToolAnswer => ({ call, text: `Refused: ${why}.`, item: null, refused: why });
      if (steps >= maxSteps) return refuse(`the limit of ${maxSteps} tool calls is reached; answer with the evidence you have`);
      steps += 1;
      if (!(call.name in args))
        return refuse(`no tool named ${JSON.stringify(call.name).slice(0, 60)} (tools: ${Object.keys(args).join(", ")})`);
      const key = `${call.name}:${canonical(call.arguments)}`;
      const earlier = answered.get(key);
      if (earlier) return refuse(`this exact call was already answered as ${earlier}`);
      let result: Draft;
      try {
        result = await execute(call.name as ToolName, call.arguments);
      } catch (err) {
        const message = err instanceof z.ZodError ? z.prettifyError(err).replace(/\n/g, "; ") : (err as Error).message.split("\n")[0];
        return refuse(`${call.name} failed: ${message}`);
      }
      const item = capped({
        id: `E${firstId + produced.length}`,
        source: result.source,
        title: result.title,
        lines: result.lines,
        score: result.score,
        redactions: result.redactions,
      });
      produced.push(item);
      answered.set(key, item.id);
      return { call, text: itemText(item), item, refused: null };
    },
  };
}

async function podLogs(ctx: ToolContext, a: z.infer<typeof args.get_pod_logs>): Promise<Draft> {
  const ns = ctx.subject.namespace;
  // The pod must exist in the incident's namespace: the tool reads nothing else.
  const pod = (await ctx.cluster.listPods(ns)).find((p) => p.metadata?.name === a.pod);
  if (!pod) throw new Error(`no pod ${a.pod} in namespace ${ns}`);
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const container = a.container ?? containers[0];
  if (!container || !containers.includes(container))
    throw new Error(`pod ${a.pod} has no container ${a.container ?? ""} (containers: ${containers.join(", ")})`);
  const log = await ctx.cluster.readPodLog(ns, a.pod, container, {
    previous: a.previous ?? false,
    tailLines: LOG_TAIL,
    limitBytes: 128 * 1024,
  });
  const where = `${a.pod}/${container}${a.previous ? " (previous container)" : ""}`;
  const all = (log ?? "").split("\n").filter((l) => l.trim() !== "");
  const needle = a.contains?.toLowerCase();
  const lines = (needle ? all.filter((l) => l.toLowerCase().includes(needle)) : all).slice(-TOOL_MAX_LINES).map((l) => compactLine(l).text);
  const what = needle ? `lines containing ${JSON.stringify(a.contains)}` : "last lines";
  return draft("logs", `Logs of ${where} (${what})`, lines.length ? lines : ["(no matching lines)"], 3);
}

async function signalSeries(ctx: ToolContext, signal: (typeof signals)[number]): Promise<Draft> {
  if (!ctx.metrics) throw new Error("no metrics source is configured");
  if (ctx.subject.kind === "unknown") throw new Error("the incident's workload is not resolved");
  const start = new Date(ctx.alertStart.getTime() - 30 * 60_000);
  const pods = await subjectPods(ctx.cluster, ctx.subject);
  // The signal catalog names the workload `deployment`, whatever its kind (as the collector does).
  const target = { namespace: ctx.subject.namespace, deployment: ctx.subject.name };
  const points = combine(
    await seriesFor(ctx.metrics.reader, ctx.metrics.catalog, signal, target, pods, start, ctx.now),
    aggregation[signal],
  );
  if (points.length === 0) return draft("metrics", `${signal} of ${target.namespace}/${target.deployment}`, ["(no data)"], 2);
  // Evenly spaced samples, the last point always among them.
  const every = Math.max(1, Math.ceil(points.length / SERIES_POINTS));
  const sampled = points.filter((_, i) => (points.length - 1 - i) % every === 0);
  const lines = sampled.map(([t, v]) => `${new Date(t * 1000).toISOString().slice(11, 16)}Z ${formatSignal(signal, v)}`);
  return draft("metrics", `${signal} of ${target.namespace}/${target.deployment} since 30 min before the alert`, lines, 2);
}

/**
 * The names of the subject's own pods: a bare pod is its own; a controller's, by its selector.
 * A CronJob has none (its pods belong to its Jobs, named `<cronjob>-<time>`), and a workload
 * with no selector is matched by its pods' owners — never every pod of the namespace.
 */
export async function subjectPods(cluster: ClusterReader, subject: Subject): Promise<string[]> {
  if (subject.kind === "Pod") return [subject.name];
  if (subject.selector) return (await cluster.listPods(subject.namespace, subject.selector)).map((p) => p.metadata?.name ?? "");
  const owned = (o: { kind: string; name: string }) =>
    subject.kind === "CronJob"
      ? o.kind === "Job" && o.name.startsWith(`${subject.name}-`)
      : o.kind === subject.kind && o.name === subject.name;
  return (await cluster.listPods(subject.namespace))
    .filter((p) => (p.metadata?.ownerReferences ?? []).some(owned))
    .map((p) => p.metadata?.name ?? "");
}

/** Caps an answer's lines and tokens, saying what was cut. */
function capped(item: EvidenceItem): EvidenceItem {
  const lines: string[] = [];
  for (const line of item.lines.slice(0, TOOL_MAX_LINES)) {
    if (countTokens(itemText({ ...item, lines: [...lines, line] })) > TOOL_MAX_TOKENS) break;
    lines.push(line);
  }
  if (lines.length < item.lines.length) lines.push(`(${item.lines.length - lines.length} more lines cut)`);
  return { ...item, lines };
}

/** The arguments as the console may show them: the model's text, bounded. */
export function shownArguments(value: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(value ?? {});
  return text.length <= 300 ? value : { arguments: `${text.slice(0, 299)}…` };
}

/** Arguments as a key: object keys sorted, so {a,b} and {b,a} are the same call. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
