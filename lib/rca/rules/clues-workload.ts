// Clues about the workload's own containers: how they fail to start, how they die, how they
// are probed, and what its last rollout shipped. A clue is one mechanism and its strength:
// how sure that fact alone makes the cause (a registry 401 *is* an image pull problem).
import type { EvidenceSet } from "@/lib/evidence/types";
import type { RootCause } from "@/lib/scenarios/schema";
import { clip, factsOf, type Text } from "@/lib/rca/rules/texts";
import * as P from "@/lib/rca/rules/patterns";
import { dependencyFails } from "@/lib/rca/rules/clues-surroundings";

export type Clue = { cause: RootCause; strength: number; cites: string[]; why: string };

const ids = (ts: { evidenceId: string }[]) => [...new Set(ts.map((t) => t.evidenceId))];
const HOURS = 3600;

/** The container never starts: its image cannot be pulled. */
export function pullClues(evidence: EvidenceSet, all: Text[]): Clue[] {
  const waiting = factsOf(evidence, "waiting").filter((w) =>
    /ErrImagePull|ImagePullBackOff|InvalidImageName|ErrImageNeverPull/.test(w.reason),
  );
  const events = all.filter((t) => t.origin === "own" && t.fact.kind === "event" && P.IMAGE_PULL.test(t.text));
  if (!waiting.length && !events.length) return [];
  const first = events[0]?.text ?? `${waiting[0]!.reason} ${waiting[0]!.message}`;
  return [
    {
      cause: "image_pull",
      strength: waiting.length ? 0.96 : 0.92,
      cites: ids([...waiting, ...events]),
      why: `the image cannot be pulled: "${clip(first)}"`,
    },
  ];
}

/** A crash at start on configuration: Kubernetes cannot build the container, or the app refuses its settings. */
export function configClues(evidence: EvidenceSet, sym: Text[], crashed: boolean): Clue[] {
  const clues: Clue[] = [];
  const refs = sym.filter((t) => t.origin === "own" && P.CONFIG_REF.test(t.text));
  const createErr = factsOf(evidence, "waiting").filter((w) => w.reason === "CreateContainerError" || w.reason === "RunContainerError");
  if (refs.length)
    clues.push({
      cause: "bad_config",
      strength: 0.95,
      cites: ids(refs),
      why: `configuration the pod needs is missing: "${clip(refs[0]!.text)}"`,
    });
  if (createErr.length)
    clues.push({
      cause: "bad_config",
      strength: 0.86,
      cites: ids(createErr),
      why: `the container cannot be created: "${clip(`${createErr[0]!.reason} ${createErr[0]!.message}`)}"`,
    });
  // A container that died at start: its last words count whatever level it printed them at.
  const app = sym.filter((t) => t.origin === "own" && (crashed || t.level !== "info") && P.CONFIG_APP.test(t.text));
  if (app.length)
    clues.push({
      cause: "bad_config",
      strength: crashed ? 0.9 : 0.62,
      cites: ids(app),
      why: `${crashed ? "crashes at start" : "complains"} on its configuration: "${clip(app[0]!.text)}"`,
    });
  const named = sym.filter(
    (t) => t.origin === "own" && t.level !== "info" && t.fact.kind === "log" && namesChangedSetting(evidence, t.text),
  );
  if (named.length)
    clues.push({
      cause: "bad_config",
      strength: 0.92,
      cites: [...ids(named), ...changedSettings(evidence).map((c) => c.evidenceId)],
      why: `the error names a setting the last change set: "${clip(named[0]!.text)}"`,
    });
  const script = sym.filter((t) => t.origin === "own" && P.SCRIPT_ERROR.test(t.text));
  if (script.length && crashed)
    clues.push({ cause: "bad_config", strength: 0.85, cites: ids(script), why: `its command cannot run: "${clip(script[0]!.text)}"` });
  return clues;
}

/** Killed for memory: within minutes of start (the limit is too small) or after hours (a leak). */
export function memoryClues(evidence: EvidenceSet, sym: Text[]): Clue[] {
  const clues: Clue[] = [];
  const kills = factsOf(evidence, "terminated").filter((k) => /OOM/i.test(k.reason));
  const memory = factsOf(evidence, "metric").find((m) => m.signal === "memory_working_set_bytes");
  const rate = factsOf(evidence, "metric").find((m) => m.signal === "request_rate");
  const steadyLoad = !rate || rate.recent < rate.baseline * 1.3;
  // Growth over the window at a steady load, still at its highest: a leak's signature.
  const growing = !!memory && memory.recent > memory.baseline * 1.4 && memory.recent >= memory.max * 0.9 && steadyLoad;
  if (kills.length) {
    const known = kills.filter((k) => k.uptimeSeconds !== null);
    const longLived = known.filter((k) => k.uptimeSeconds! >= 2 * HOURS);
    if (known.length && longLived.length * 2 >= known.length) {
      clues.push({
        cause: "memory_leak",
        strength: 0.93,
        cites: ids(longLived),
        why: `OOM-killed only after ${(longLived[0]!.uptimeSeconds! / HOURS).toFixed(1)}h of uptime: memory grows until the limit`,
      });
    } else {
      const quick = known.filter((k) => k.uptimeSeconds! < 2 * HOURS);
      const after = quick[0] ? ` after ${Math.max(1, Math.round(quick[0].uptimeSeconds! / 60))} min` : "";
      clues.push({
        cause: "oom_killed",
        strength: known.length ? 0.93 : growing ? 0.7 : 0.88,
        cites: ids(kills),
        why: `container ${kills[0]!.container} OOM-killed${after}: the limit is too small for the work`,
      });
    }
  }
  const oomEvents = sym.filter((t) => t.origin === "own" && P.OOM_KILL.test(t.text));
  if (!kills.length && oomEvents.length)
    clues.push({
      cause: "oom_killed",
      strength: 0.84,
      cites: ids(oomEvents),
      why: `the kernel killed it for memory: "${clip(oomEvents[0]!.text)}"`,
    });
  const runtime = sym.filter((t) => t.origin === "own" && P.OOM_RUNTIME.test(t.text));
  // The process reporting its own memory as it grows ("heap_inuse=845MiB … heap_inuse=1366MiB").
  const rising = factsOf(evidence, "log").filter((l) => l.own && memoryGrowth(l.text) >= 1.3);
  const killedEarly = kills.some((k) => k.uptimeSeconds !== null && k.uptimeSeconds < 2 * HOURS);
  if (rising.length && !killedEarly)
    clues.push({
      cause: "memory_leak",
      strength: 0.84,
      cites: ids(rising),
      why: `memory reported rising ×${memoryGrowth(rising[0]!.text).toFixed(1)}: "${clip(rising[0]!.text)}"`,
    });
  // The process reporting its own memory again and again before it ran out: growth it watched.
  const watched = factsOf(evidence, "log").some((l) => l.own && (l.count ?? 1) >= 10 && /\b(memory|heap|rss)\b.{0,30}\d/i.test(l.text));
  if (runtime.length) {
    const leak = growing || watched || sym.some((t) => t.origin === "own" && P.LEAK.test(t.text));
    clues.push({
      cause: leak ? "memory_leak" : "oom_killed",
      strength: leak ? 0.86 : 0.78,
      cites: ids(runtime),
      why: `out of memory in the runtime: "${clip(runtime[0]!.text)}"${leak ? ", after steady growth" : ""}`,
    });
  }
  const leakWords = sym.filter((t) => t.origin === "own" && P.LEAK.test(t.text));
  if (leakWords.length && !kills.some((k) => (k.uptimeSeconds ?? HOURS * 9) < 2 * HOURS))
    clues.push({ cause: "memory_leak", strength: 0.76, cites: ids(leakWords), why: `"${clip(leakWords[0]!.text)}"` });
  if (memory && growing && !kills.length)
    clues.push({
      cause: "memory_leak",
      strength: 0.7,
      cites: [memory.evidenceId],
      why: "memory keeps growing at a steady load, with no limit kill yet",
    });
  return clues;
}

/** Settings the recent rollout or a config change set: env keys and their new values. */
function changedSettings(evidence: EvidenceSet): { key: string; value: string; evidenceId: string }[] {
  const out: { key: string; value: string; evidenceId: string }[] = [];
  for (const r of factsOf(evidence, "rollout")) {
    for (const c of r.changes) {
      const m = /env (\w+)(?: added)?:? (?:.* → )?(.*)$/.exec(c);
      if (m) out.push({ key: m[1]!, value: m[2]!.trim(), evidenceId: r.evidenceId });
    }
  }
  for (const c of factsOf(evidence, "change"))
    for (const m of c.summary.matchAll(/\b([A-Z][A-Z0-9_]{2,})=(\S+)/g)) out.push({ key: m[1]!, value: m[2]!, evidenceId: c.evidenceId });
  return out;
}

/** Whether an error line names a setting (its key, or a distinctive new value) that a recent change set. */
export function namesChangedSetting(evidence: EvidenceSet, text: string): boolean {
  const lower = text.toLowerCase();
  return changedSettings(evidence).some(
    (s) => text.includes(s.key) || (s.value.length >= 4 && !/^\d+$/.test(s.value) && lower.includes(`'${s.value.toLowerCase()}'`)),
  );
}

const SIZE = /(\d+(?:\.\d+)?)\s*(K|KB|KiB|M|MB|MiB|G|GB|GiB)\b/i;
const bytes = (m: RegExpExecArray) =>
  Number(m[1]) * ({ k: 1, m: 1024, g: 1024 * 1024 } as Record<string, number>)[m[2]![0]!.toLowerCase()]!;
/** How much a memory figure grew between the first and the newest report of a line ("A … B"). */
export function memoryGrowth(text: string): number {
  if (!/\b(memory|heap|rss|heap_inuse|heap_alloc|used|Pause|GC)\b/i.test(text)) return 0;
  const [first, last] = text.split(" … ");
  const a = first ? SIZE.exec(first) : null;
  const b = last ? SIZE.exec(last) : null;
  return a && b && bytes(a) > 0 ? bytes(b) / bytes(a) : 0;
}

/** Probes that fail on an app that is otherwise fine: the probe is wrong, not the app. */
export function probeClues(evidence: EvidenceSet, all: Text[]): Clue[] {
  const probe = all.filter((t) => t.origin === "own" && t.fact.kind === "event" && P.PROBE_FAILED.test(t.text));
  if (!probe.length) return [];
  const previous = factsOf(evidence, "log").filter((f) => f.own && f.previous);
  const crashedOnError = previous.some((f) => f.last && f.level === "error");
  const lastWords = previous.filter((f) => f.last && f.level !== "error");
  // A probe that times out on an app whose own logs say it is queueing work is saturation's symptom.
  const timedOut = probe.every((p) => /context deadline exceeded|timeout|timed out/i.test(p.text));
  const busy = all.some((t) => t.origin === "own" && (P.QUEUEING.test(t.text) || P.CPU.test(t.text)));
  const strength = crashedOnError || (timedOut && busy) ? 0.5 : lastWords.length ? 0.88 : 0.8;
  return [
    {
      cause: "probe_failure",
      strength,
      cites: [...ids(probe), ...ids(lastWords)],
      why: `probe failures: "${clip(probe[0]!.text, 140)}"${lastWords[0] ? `; last log before the kill: "${clip(lastWords[0].text, 100)}"` : ""}`,
    },
  ];
}

/** CPU saturation: throttling, or usage and queueing climbing with the load. */
export function cpuClues(evidence: EvidenceSet, all: Text[]): Clue[] {
  const clues: Clue[] = [];
  const metric = (s: string) => factsOf(evidence, "metric").find((m) => m.signal === s);
  const throttled = metric("cpu_throttled_ratio");
  if (throttled && throttled.recent > 0.25)
    clues.push({
      cause: "cpu_saturation",
      strength: 0.84,
      cites: [throttled.evidenceId],
      why: `CPU throttled ${(throttled.recent * 100).toFixed(0)}% of periods`,
    });
  const usage = metric("cpu_usage_cores");
  if (usage && usage.recent > usage.baseline * 1.8 && usage.recent > 0.2)
    clues.push({
      cause: "cpu_saturation",
      strength: 0.66,
      cites: [usage.evidenceId],
      why: `CPU use rose from ${usage.baseline.toFixed(2)} to ${usage.recent.toFixed(2)} cores`,
    });
  const words = all.filter((t) => t.origin === "own" && P.CPU.test(t.text));
  // A measured figure ("100% throttling of CPU") counts more than a word.
  const measured = words.some((w) => /\b([5-9]\d|100)(\.\d+)?\s*%/.test(w.text));
  // An alert's words alone (its name can mislead) never outweigh what the workload itself says.
  const inLogs = words.some((w) => w.fact.kind !== "alert");
  if (words.length)
    clues.push({
      cause: "cpu_saturation",
      strength: inLogs ? 0.76 : measured ? 0.72 : 0.6,
      cites: ids(words),
      why: `"${clip(words[0]!.text)}"`,
    });
  const queueing = all.filter((t) => t.origin === "own" && P.QUEUEING.test(t.text));
  // Probes timing out while work queues up: the app is too busy to answer them.
  const probesTimeOut = all.some(
    (t) => t.origin === "own" && P.PROBE_FAILED.test(t.text) && /context deadline exceeded|timeout|timed out/i.test(t.text),
  );
  if (queueing.length)
    clues.push({
      cause: "cpu_saturation",
      strength: clues.length || probesTimeOut ? 0.8 : 0.62,
      cites: ids(queueing),
      why: `work queues up: "${clip(queueing[0]!.text)}"`,
    });
  return clues;
}

/** A regression shipped by the workload's own rollout: only errors that began with the new revision count. */
export function deployClues(evidence: EvidenceSet, sym: Text[], alertStart: Date): Clue[] {
  const window = (iso: string | null) =>
    iso !== null && alertStart.getTime() - Date.parse(iso) < 3 * 3600_000 && alertStart.getTime() - Date.parse(iso) > -15 * 60_000;
  const rollout = factsOf(evidence, "rollout").find((f) => window(f.createdAt) && f.previousRevision !== null);
  const deploy = factsOf(evidence, "change").find((f) => f.sameWorkload && f.changeKind === "deploy" && window(f.at));
  // A "TypeError: fetch failed (ECONNREFUSED)" or a ValueError on a setting is a failed call or a bad value, not new code.
  const surroundings = [P.DEP_REFUSED, P.TIMEOUT, P.DNS, P.CERT_EXPIRED, P.DB_POOL, P.CONFIG_APP, P.DISK_FULL];
  const codeErrors = sym.filter(
    (t) =>
      t.origin === "own" &&
      t.fact.kind === "log" &&
      P.CODE_ERROR.test(t.text) &&
      !surroundings.some((p) => p.test(t.text)) &&
      !namesChangedSetting(evidence, t.text),
  );
  if (!rollout && !deploy) return [];
  const metric = (s: string) => factsOf(evidence, "metric").find((m) => m.signal === s);
  const errors = metric("error_ratio");
  const latency = metric("latency_p99_ms");
  const worse: { evidenceId: string; signal: string }[] = [
    errors && errors.recent > Math.max(0.02, errors.baseline * 3) ? errors : null,
    latency && latency.recent > latency.baseline * 2 ? latency : null,
  ].filter((m) => m !== null);
  // The workload's own lines saying calls got slow or many ("slow handler ...: 2044ms, 456 downstream calls").
  const slow = sym.find(
    (t) => t.origin === "own" && t.fact.kind === "log" && /\bslow\b|\b\d{2,} (downstream )?(calls|queries|statements)\b|N\+1/i.test(t.text),
  );
  if (slow) worse.push({ evidenceId: slow.evidenceId, signal: "its own slow-call lines" });
  // A revision that changed only configuration shipped no new code.
  // (templateChanges writes "<c> image a → b", "<c> command/args changed", "container <c> added".)
  const shippedCode =
    !rollout ||
    rollout.changes.length === 0 ||
    rollout.changes.some((c) => /^\S+ image |command\/args changed|^container \S+ added/.test(c));
  // Worse numbers beside the workload's own repeated errors that are not in its code: something
  // else is failing that no clue named. Say bad deploy if nothing better fits, but not so surely that it acts.
  const unexplained = sym.some(
    (t) => t.origin === "own" && t.fact.kind === "log" && t.level === "error" && (t.fact.count ?? 1) >= 3 && !P.CODE_ERROR.test(t.text),
  );
  // Worse numbers while a dependency it names fails it (its calls refused or timing out again and
  // again, or the peer's pods down), with no error in the new code: the dependency explains them, and
  // a rollout in the window is a coincidence. Rolling back a healthy release would not help.
  const explained = worse.length > 0 && !codeErrors.length && dependencyFails(evidence, sym);
  const strength = codeErrors.length
    ? shippedCode
      ? 0.87
      : 0.6
    : worse.length
      ? explained
        ? 0.5
        : shippedCode
          ? unexplained
            ? 0.62
            : 0.74
          : 0.55
      : 0.35;
  const cites = [
    ...ids(codeErrors),
    ...(deploy ? [deploy.evidenceId] : []),
    ...(rollout ? [rollout.evidenceId] : []),
    ...worse.map((m) => m.evidenceId),
  ];
  const when = rollout
    ? `revision ${rollout.revision} rolled out at ${rollout.createdAt}`
    : `deploy at ${deploy!.at}: ${clip(deploy!.summary, 120)}`;
  const what = codeErrors[0]
    ? `; code errors since: "${clip(codeErrors[0].text)}"`
    : worse.length
      ? `; ${worse.map((m) => m.signal).join(" and ")} rose after it${explained ? ", but with no error in its code while a dependency it names fails" : ""}`
      : "";
  return [{ cause: "bad_deploy", strength, cites, why: `${when}${what}` }];
}
