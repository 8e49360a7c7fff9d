// The generator's contract: 2,000 scenarios valid against schema.json and zod, deterministic per seed,
// every cause, kind and runtime covered, evidence present and remediation targets real.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rootCauses, scenarioSchema, workloadKinds, type Scenario } from "@/lib/scenarios/schema";
import { generateScenarios, generateWithTags } from "@/lib/scenarios/generate";

// Ajv 8 (draft 2020-12) is the copy ajv-formats depends on; the top-level ajv is eslint's v6.
const requireHere = createRequire(import.meta.url);
const requireAjv = createRequire(requireHere.resolve("ajv-formats"));
type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const Ajv2020 = requireAjv("ajv/dist/2020").default as new (o: object) => { compile(schema: object): Validator };
const addFormats = requireHere("ajv-formats").default as (ajv: unknown) => void;

const schemaPath = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../schema.json");
const COUNT = 2000;
const started = performance.now();
const generated = generateWithTags({ count: COUNT, seed: 1 });
const generationMs = performance.now() - started;
const scenarios = generated.map((g) => g.scenario);

/** Every string in the scenario outside `expected`: what evidence must be found in. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

const KEY_OF_KIND: Record<string, keyof Scenario["kubernetes"]> = {
  Deployment: "deployments",
  StatefulSet: "statefulsets",
  DaemonSet: "daemonsets",
  Job: "jobs",
  CronJob: "cronjobs",
  Pod: "pods",
};

// Log signatures of each runtime's usual formats (Go slog/logrus/zap/zerolog, Spring/logstash/
// log4j2, pino/winston/Nest, Python logging/structlog/gunicorn/uvicorn, .NET console/Serilog, nginx).
const RUNTIME_SIGNS: Record<string, RegExp> = {
  go: /(^time=\S+ level=|"caller":"[^"]+\.go:\d+"|panic: runtime error|^\{"level":"\w+",.*"time":"[^"]+","message")/m,
  java: /( --- \[[^\]]+\] \[|"logger_name":|\[main\] (INFO|ERROR)|java\.\w+\.\w+Exception)/m,
  node: /("level":\d\d,"time":\d+|"service":"[^"]+".*"timestamp"|\[Nest\] \d+ |at process\.processTicksAndRejections)/m,
  python:
    /(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ \[|"event": "|\[\d+\] \[(INFO|ERROR|CRITICAL|WARNING)\]|Traceback \(most recent call last\))/m,
  dotnet: /(^(info|fail|warn|crit): [\w.]+\[\d+\]|"@t":"|\[\d\d:\d\d:\d\d (INF|ERR|WRN|FTL)\]|Unhandled exception\. System\.)/m,
  nginx: /(\[(error|notice|warn|emerg)\] \d+#\d+: |" \d{3} \d+ "-" ")/m,
};

describe("generateScenarios", () => {
  it("validates every scenario against schema.json (Ajv, 2020-12) and the zod schema", { timeout: 120_000 }, () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
    const failures: string[] = [];
    for (const s of scenarios) {
      if (!validate(s)) failures.push(`${s.id}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
      const z = scenarioSchema.safeParse(s);
      if (!z.success) failures.push(`${s.id}: zod: ${z.error.message.slice(0, 400)}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it("is deterministic for a seed and differs between seeds", { timeout: 60_000 }, () => {
    const a = JSON.stringify(generateScenarios({ count: 200, seed: 7 }));
    const b = JSON.stringify(generateScenarios({ count: 200, seed: 7 }));
    const c = JSON.stringify(generateScenarios({ count: 200, seed: 8 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(JSON.stringify(scenarios.slice(0, 50))).toBe(JSON.stringify(generateScenarios({ count: 50, seed: 1 })));
  });

  it("generates 2,000 scenarios quickly", () => {
    // About a second on an idle machine; the bound only catches order-of-magnitude regressions
    // (CI machines are shared and slow).
    expect(generationMs).toBeLessThan(20_000);
  });

  it("gives unique kebab-case ids", () => {
    const ids = new Set(scenarios.map((s) => s.id));
    expect(ids.size).toBe(COUNT);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("covers every root cause with at least 4% of the scenarios", () => {
    const counts = new Map<string, number>();
    for (const s of scenarios) counts.set(s.expected?.rootCause ?? "", (counts.get(s.expected?.rootCause ?? "") ?? 0) + 1);
    for (const cause of rootCauses) expect(counts.get(cause) ?? 0, cause).toBeGreaterThanOrEqual(COUNT * 0.04);
  });

  it("uses every workload kind and at least six runtimes in the logs", () => {
    const kinds = new Set<string>();
    for (const s of scenarios)
      for (const kind of workloadKinds) if ((s.kubernetes[KEY_OF_KIND[kind] as keyof Scenario["kubernetes"]] ?? []).length) kinds.add(kind);
    expect([...kinds].sort()).toEqual([...workloadKinds].sort());
    const targets = new Set(generated.flatMap((g) => g.tags.filter((t) => t.startsWith("kind:"))));
    expect(targets.size).toBe(workloadKinds.length);
    const seen = new Set<string>();
    for (const s of scenarios) {
      const text = Object.values(s.logs).join("\n");
      for (const [rt, re] of Object.entries(RUNTIME_SIGNS)) if (re.test(text)) seen.add(rt);
    }
    expect(seen.size).toBeGreaterThanOrEqual(6);
  });

  it("places every evidence string in the scenario and names existing remediation targets", () => {
    const problems: string[] = [];
    for (const s of scenarios) {
      const e = s.expected;
      if (!e) {
        problems.push(`${s.id}: no expected`);
        continue;
      }
      const hay = strings({ k: s.kubernetes, l: s.logs, c: s.changes, a: s.alertmanager.alerts });
      for (const ev of e.evidence) if (!hay.some((h) => h.includes(ev))) problems.push(`${s.id}: evidence not found: ${ev}`);
      expect(e.evidence.length, s.id).toBeGreaterThanOrEqual(1);
      expect(e.evidence.length, s.id).toBeLessThanOrEqual(3);
      const r = e.remediation;
      const kind = r.kind ?? "Deployment";
      const list = (s.kubernetes[KEY_OF_KIND[kind] as keyof Scenario["kubernetes"]] ?? []) as {
        metadata: { name: string; namespace?: string };
      }[];
      if (!list.some((o) => o.metadata.name === r.name && o.metadata.namespace === r.namespace))
        problems.push(`${s.id}: target ${kind} ${r.namespace}/${r.name} not in the snapshot`);
      if (kind === "Job" || kind === "CronJob" || kind === "Pod") expect(r.action, s.id).toBe("none");
      if (kind === "DaemonSet") expect(["none", "restart"], s.id).toContain(r.action);
      if (r.action === "rollback") expect(e.rootCause, s.id).toBe("bad_deploy");
      if (r.action === "scale") expect(e.rootCause, s.id).toBe("cpu_saturation");
      expect(e.forbidden ?? [], s.id).not.toContain(r.action);
      if (e.rootCause === "unknown") expect(e.forbidden, s.id).toEqual(expect.arrayContaining(["rollback", "restart", "scale"]));
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it("keeps alerts and timestamps consistent with now", () => {
    const problems: string[] = [];
    const late = (id: string, what: string, t: number, now: number) => t > now && problems.push(`${id}: ${what} after now`);
    for (const s of scenarios) {
      const now = Date.parse(s.now);
      for (const a of s.alertmanager.alerts) {
        late(s.id, "alert startsAt", Date.parse(a.startsAt), now - 1);
        if (a.endsAt !== "0001-01-01T00:00:00Z" || !/^[0-9a-f]{16}$/.test(a.fingerprint ?? ""))
          problems.push(`${s.id}: alert endsAt/fingerprint`);
      }
      for (const c of s.changes) late(s.id, `change ${c.name}`, Date.parse(c.at), now);
      for (const e of s.kubernetes.events as unknown as { lastTimestamp: string; firstTimestamp: string }[]) {
        late(s.id, "event", Date.parse(e.lastTimestamp), now);
        if (Date.parse(e.firstTimestamp) > Date.parse(e.lastTimestamp)) problems.push(`${s.id}: event first after last`);
      }
      for (const p of s.kubernetes.pods as unknown as { metadata: { name: string; creationTimestamp: string } }[])
        late(s.id, `pod ${p.metadata.name}`, Date.parse(p.metadata.creationTimestamp), now);
      for (const m of s.metrics) {
        if (m.values.length < 10 || m.values.length > 30) problems.push(`${s.id}: ${m.signal} has ${m.values.length} points`);
        for (const [t] of m.values) late(s.id, `metric ${m.signal}`, t * 1000, now);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });
});
