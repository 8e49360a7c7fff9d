// Seeded, deterministic generator of incident scenarios over the whole root-cause taxonomy, for
// measuring the RCA engine on cases it was not tuned on. Same seed and count, same bytes.
import { rootCauses, type RootCause, type Scenario } from "@/lib/scenarios/schema";
import { renderAlertmanager } from "./alerts";
import { CAUSES } from "./causes";
import { addDistractors } from "./distractors";
import { expectedFor } from "./expected";
import { fillLogs, finalize } from "./finalize";
import { eventList } from "./k8s-events";
import { renderNode } from "./k8s-objects";
import { renderWorkloads } from "./k8s-render";
import { createGen, mixSeed } from "./rng";
import { iso } from "./time";
import { createWorld, renderLogs } from "./world";

export type GenerateOptions = { count: number; seed: number };

/** Causes in shuffled blocks of the whole taxonomy: every cause gets count/16 scenarios (±1). */
export function causeSchedule(count: number, seed: number): RootCause[] {
  const g = createGen(mixSeed(seed, 0x7fffffff));
  const out: RootCause[] = [];
  while (out.length < count) out.push(...g.shuffle(rootCauses));
  return out.slice(0, count);
}

export function generateScenario(seed: number, index: number, cause: RootCause): Scenario & { tags: string[] } {
  const id = `gen-${seed >>> 0}-${index}-${cause.replace(/_/g, "-")}`;
  const w = createWorld(mixSeed(seed, index), index, id);
  const built = CAUSES[cause](w);
  const target = w.target;
  if (!target) throw new Error(`${id}: the cause set no target`);
  if (!w.alerts.length) throw new Error(`${id}: the cause raised no alert`);
  fillLogs(w);
  addDistractors(w, cause);
  finalize(w);
  const k = renderWorkloads(w);
  const kubernetes: Scenario["kubernetes"] = {
    deployments: k.deployments,
    replicasets: k.replicasets,
    pods: k.pods,
    events: eventList(w),
    nodes: w.nodes.map((n) => renderNode(w, n)),
    hpas: w.objects.hpas,
    statefulsets: k.statefulsets,
    services: w.objects.services,
    configmaps: w.objects.configmaps,
    persistentvolumeclaims: w.objects.persistentvolumeclaims,
    networkpolicies: w.objects.networkpolicies,
    daemonsets: k.daemonsets,
    jobs: k.jobs,
    cronjobs: k.cronjobs,
  } as Scenario["kubernetes"];
  const scenario = {
    format: 1 as const,
    id,
    title: built.title,
    now: iso(w.now),
    alertmanager: renderAlertmanager(w) as Scenario["alertmanager"],
    kubernetes,
    logs: renderLogs(w),
    metrics: w.metrics,
    changes: [...w.changes].sort((a, b) => a.at.localeCompare(b.at)),
    expected: expectedFor(cause, target, built),
  };
  const kind = target.cron ? "CronJob" : target.kind;
  return Object.assign(scenario, { tags: [`kind:${kind}`, `runtime:${target.app.server ?? target.app.runtime}`, ...w.tags] });
}

/** Tags (confounder:…, kind:…, runtime:…) are returned beside the scenarios for reporting. */
export function generateWithTags(options: GenerateOptions): { scenario: Scenario; tags: string[] }[] {
  return causeSchedule(options.count, options.seed).map((cause, i) => {
    const { tags, ...scenario } = generateScenario(options.seed, i, cause);
    return { scenario, tags };
  });
}

export function generateScenarios(options: GenerateOptions): Scenario[] {
  return generateWithTags(options).map((x) => x.scenario);
}
