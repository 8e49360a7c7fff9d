// bad_config: a container cannot start on missing or invalid configuration: a Secret/ConfigMap or
// key that does not exist (CreateContainerConfigError), a required env var missing or invalid, an
// init container failing on its config, a Job whose shell script does not parse.
import { setEnv } from "../app";
import { startupLines } from "../app-logs";
import { configError } from "../config-phrases";
import { addConfigMap } from "../k8s-objects";
import { podEvent, startEvents } from "../k8s-events";
import { current } from "../k8s-workloads";
import { waiting } from "../k8s-pod";
import { say, write } from "../phrase";
import { main, scaffold, type Target } from "../scaffold";
import { iso, MIN, SEC } from "../time";
import type { Built } from "../expected";
import type { ContainerSpec, PodPlan, World } from "../types";
import { tag } from "../world";
import { crash, crashAlerts, statusAlert } from "./common";
import { failJob } from "./job";
import { rollout } from "./rollout";

const LONG_RUNNING = [
  ["Deployment", 5],
  ["StatefulSet", 1],
  ["DaemonSet", 1],
  ["Pod", 1],
] as const;

/** New pods that carry the bad configuration: a rollout for controllers, the pod itself otherwise. */
function affected(
  w: World,
  t: Target,
  mutate: (c: { containers: ContainerSpec[]; init: ContainerSpec[] }) => void,
  summary: string,
  kind: "deploy" | "config",
): PodPlan[] {
  const { g } = w;
  if (t.wl.job || t.wl.kind === "Pod") {
    // No rollout: the pod (or the Job's pods) carries the configuration from its start.
    const rev = current(t.wl);
    mutate(rev);
    for (const p of t.pods) {
      p.containers.forEach((c, i) => (c.spec = { ...(rev.containers[i] ?? c.spec) }));
      p.init = rev.init.map((spec, i) => ({ spec: { ...spec }, status: p.init[i]?.status ?? null }));
    }
    return t.pods;
  }
  const at = w.now - g.int(6, 40) * MIN;
  const r = rollout(w, t, at, {
    complete: false,
    fresh: g.int(1, 2),
    version: kind === "config" || g.chance(0.5) ? t.version : undefined,
    mutate,
  });
  w.changes.push({ at: iso(at), kind, namespace: w.ns, name: t.wl.name, summary, ...(kind === "deploy" ? { version: r.version } : {}) });
  if (kind === "deploy") tag(w, "confounder:deploy-changed-config-only");
  return r.fresh;
}

function secretCase(w: World): Built {
  const { g } = w;
  const t = scaffold(w, { kinds: [...LONG_RUNNING, ["Job", 1], ["CronJob", 1]] });
  const isCm = g.chance(0.35);
  const ref = `${t.wl.cron?.name ?? t.wl.name}-${isCm ? g.pick(["config", "settings", "env"]) : g.pick(["db-credentials", "secrets", "api-keys", "tls"])}`;
  const key = g.pick(["DB_PASSWORD", "API_KEY", "CLIENT_SECRET", "REDIS_PASSWORD"]);
  const missingKey = g.chance(0.3);
  const msg = missingKey
    ? `couldn't find key ${key.toLowerCase()} in ${isCm ? "ConfigMap" : "Secret"} ${w.ns}/${ref}`
    : `${isCm ? "configmap" : "secret"} "${ref}" not found`;
  const pods = affected(
    w,
    t,
    (s) =>
      setEnv(s.containers[0] as ContainerSpec, key, { [isCm ? "configMapKeyRef" : "secretKeyRef"]: { name: ref, key: key.toLowerCase() } }),
    `${t.wl.name}: read ${key} from ${isCm ? "ConfigMap" : "Secret"} ${ref}`,
    g.chance(0.5) ? "config" : "deploy",
  );
  for (const pod of pods) {
    const c = main(pod, t.app);
    c.status = waiting("CreateContainerConfigError", msg);
    pod.phase = "Pending";
    startEvents(w, pod, { pulled: false, only: [] });
    podEvent(w, pod, t.app.container, {
      reason: "Pulled",
      message: `Container image "${c.spec.image}" already present on machine`,
      first: pod.createdAt + 2 * SEC,
      last: w.now - g.int(5, 60) * SEC,
      count: g.int(4, 90),
    });
    podEvent(w, pod, t.app.container, {
      reason: "Failed",
      type: "Warning",
      message: `Error: ${msg}`,
      first: pod.createdAt + 3 * SEC,
      last: w.now - g.int(5, 60) * SEC,
      count: g.int(4, 90),
    });
  }
  const first = pods[0] as PodPlan;
  statusAlert(w, t, first, first.createdAt + g.int(5, 15) * MIN, { crashing: false, waiting: "CreateContainerConfigError" });
  return {
    title: `${w.ns}/${t.wl.name}: CreateContainerConfigError, ${msg}`,
    evidence: ["CreateContainerConfigError", missingKey ? `couldn't find key ${key.toLowerCase()}` : ref],
  };
}

function envCase(w: World): Built {
  const { g } = w;
  const t = scaffold(w, { kinds: [...LONG_RUNNING, ["Job", 1]] });
  const missing = g.chance(0.5);
  const e = configError(g, t.app.runtime, missing);
  let summary: string;
  let pods: PodPlan[];
  if (t.app.runtime === "nginx") {
    addConfigMap(
      w,
      `${t.wl.name}-conf`,
      { "default.conf": `server {\n  listen ${t.app.port};\n  location /api/ {\n    proxy_passs http://api-backend:8080;\n  }\n}\n` },
      w.now - 20 * MIN,
    );
    summary = `${t.wl.name}-conf: add /api/ location to default.conf`;
    pods = affected(w, t, () => undefined, summary, "config");
  } else {
    summary = missing ? `${t.wl.name}: settings moved to ConfigMap ${t.wl.name}-env (envFrom)` : `${t.wl.name}: set ${e.env}=${e.value}`;
    if (missing) addConfigMap(w, `${t.wl.name}-env`, { LOG_LEVEL: "info", APP_ENV: "production" }, w.now - 25 * MIN);
    pods = affected(
      w,
      t,
      (s) => (missing ? undefined : setEnv(s.containers[0] as ContainerSpec, e.env, e.value ?? "")),
      summary,
      g.chance(0.5) ? "config" : "deploy",
    );
  }
  if (t.wl.job) {
    failJob(w, t, {
      reason: "Error",
      exitCode: e.exitCode,
      runMs: () => g.int(1, 6) * SEC,
      log: (a) => write(w, a.pod, t.app, a.start + SEC, e.lines),
    });
  } else {
    for (const pod of pods) {
      const k = crash(w, pod, t.app.container, {
        reason: "Error",
        exitCode: e.exitCode,
        since: pod.createdAt,
        runMs: () => g.int(1, 8) * SEC,
      });
      const x =
        t.app.runtime === "java"
          ? write(w, pod, t.app, k.lastStart + SEC, startupLines(w, t.app, t.version).slice(0, 1), { previous: true })
          : k.lastStart + SEC;
      write(w, pod, t.app, x + g.int(100, 2000), e.lines, { previous: true });
    }
  }
  crashAlerts(w, t, pods, (pods[0] as PodPlan).createdAt + g.int(4, 12) * MIN);
  return {
    title: `${w.ns}/${t.wl.name} (${t.app.framework}) exits at start: ${missing ? "required setting missing" : "invalid setting"}`,
    evidence: [e.ev, ...(t.app.runtime !== "nginx" && !missing && !t.wl.job && t.wl.kind !== "Pod" ? [`${e.env}=${e.value}`] : [])],
  };
}

function initCase(w: World): Built {
  const { g } = w;
  const key = g.pick(["OIDC_ISSUER_URL", "TENANT_ID", "UPSTREAM_URL", "REGION"]);
  const tool = g.pick(["gomplate", "cp"] as const);
  const init = (): ContainerSpec[] => [
    {
      name: "render-config",
      image: tool === "gomplate" ? "hairyhenderson/gomplate:v4.1.0-alpine" : "busybox:1.36",
      command:
        tool === "gomplate"
          ? ["gomplate", "-f", "/templates/app.yaml.tmpl", "-o", "/config/app.yaml"]
          : ["sh", "-c", "cp /templates/app.yaml /config/app.yaml"],
      volumeMounts: [
        { name: "config", mountPath: "/config" },
        { name: "templates", mountPath: "/templates" },
      ],
    },
  ];
  const t = scaffold(w, {
    kinds: [
      ["Deployment", 4],
      ["StatefulSet", 1],
      ["Pod", 1],
    ],
    init,
  });
  const line =
    tool === "gomplate"
      ? `template: app.yaml.tmpl:${g.int(3, 40)}:${g.int(5, 30)}: executing "app.yaml.tmpl" at <.Env.${key}>: map has no entry for key "${key}"`
      : "cp: can't stat '/templates/app.yaml': No such file or directory";
  const ev = tool === "gomplate" ? `map has no entry for key` : "can't stat '/templates/app.yaml'";
  const pods = affected(
    w,
    t,
    (s) => {
      s.init = init();
    },
    `${t.wl.name}: render config with ${tool} from ConfigMap ${t.wl.name}-templates`,
    "config",
  );
  addConfigMap(
    w,
    `${t.wl.name}-templates`,
    tool === "gomplate"
      ? { "app.yaml.tmpl": `issuer: {{ .Env.${key} }}\nport: ${t.app.port}\n` }
      : { "config.yaml": `port: ${t.app.port}\n` },
  );
  for (const pod of pods) {
    if (!pod.init.length) pod.init = init().map((spec) => ({ spec, status: null }));
    crash(w, pod, "render-config", { reason: "Error", exitCode: 1, since: pod.createdAt, runMs: () => g.int(1, 3) * SEC, init: true });
    pod.phase = "Pending";
    write(w, pod, t.app, w.now - g.int(20, 200) * SEC, [say("error", line, { raw: true })], { container: "render-config", previous: true });
  }
  const first = pods[0] as PodPlan;
  statusAlert(w, t, first, first.createdAt + g.int(5, 12) * MIN, { crashing: true, container: "render-config" });
  return {
    title: `${w.ns}/${t.wl.name}: init container render-config fails on its config (Init:CrashLoopBackOff)`,
    evidence: [ev, "render-config"],
  };
}

function scriptCase(w: World): Built {
  const { g } = w;
  const shell = g.pick(["sh", "bash"] as const);
  const t = scaffold(w, {
    kinds: [
      ["Job", 1],
      ["CronJob", 1],
    ],
    sidecar: null,
  });
  const c = main(t.pods[0] as PodPlan, t.app).spec;
  const script = `set -e\nif [ -n "$TARGET" ]; then\n  echo "syncing $TARGET"\n  /app/bin/${t.wl.name.split("-")[0]} --once\nfi; fi\n`;
  for (const p of t.pods)
    for (const x of p.containers)
      if (x.spec.name === c.name)
        Object.assign(x.spec, {
          image: g.pick(["alpine:3.20", "bitnami/kubectl:1.30", "busybox:1.36", `${t.app.repo}:${t.version}`]),
          command: [`/bin/${shell}`, "-c", script],
        });
  t.wl.revisions.forEach((r) =>
    r.containers.forEach((x) => x.name === c.name && Object.assign(x, { command: [`/bin/${shell}`, "-c", script] })),
  );
  const line = shell === "sh" ? `/bin/sh: syntax error: unexpected "fi"` : "/bin/bash: -c: line 6: syntax error near unexpected token `fi'";
  const ev = shell === "sh" ? "/bin/sh: syntax error: unexpected" : "syntax error near unexpected token";
  failJob(w, t, {
    reason: "Error",
    exitCode: 2,
    runMs: () => g.int(1, 3) * SEC,
    log: (a) => write(w, a.pod, t.app, a.start + 200, [say("error", line, { raw: true })]),
  });
  statusAlert(w, t, t.pods[0] as PodPlan, w.now - g.int(2, 10) * MIN, { crashing: false });
  return { title: `${w.ns}/${t.wl.name}: job script does not parse (${shell} syntax error)`, evidence: [ev] };
}

export function badConfig(w: World): Built {
  const v = w.g.weighted([
    ["secret", 3],
    ["env", 5],
    ["init", 2],
    ["script", 2],
  ] as const);
  return v === "secret" ? secretCase(w) : v === "env" ? envCase(w) : v === "init" ? initCase(w) : scriptCase(w);
}
