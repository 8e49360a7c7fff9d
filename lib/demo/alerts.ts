// The demo's alert evaluator: the rules a kube-prometheus-stack would ship (error rate,
// crash loops, image pulls, CPU throttling), evaluated every few seconds against what the
// simulator measures, sent to Vigil's own webhook over HTTP in Alertmanager's format —
// firing while a condition holds (re-sent every group interval), resolved when it clears.
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import type { Simulator, WorkloadState } from "@/lib/demo/simulator";

type Rule = {
  alertname: string;
  severity: "critical" | "warning";
  holds: (s: WorkloadState) => boolean;
  expr: (s: WorkloadState) => string;
  summary: (s: WorkloadState) => string;
  description: (s: WorkloadState) => string;
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export const demoRules: Rule[] = [
  {
    alertname: "HighErrorRate",
    severity: "critical",
    holds: (s) => s.ready > 0 && s.errorRatio > 0.05,
    expr: (s) =>
      `sum(rate(http_requests_total{namespace="${s.namespace}",deployment="${s.name}",code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="${s.namespace}",deployment="${s.name}"}[5m])) > 0.05`,
    summary: (s) => `${s.name}: ${pct(s.errorRatio)} of requests fail`,
    description: (s) => `More than 5% of ${s.namespace}/${s.name}'s requests return 5xx (now ${pct(s.errorRatio)}).`,
  },
  {
    alertname: "KubePodCrashLooping",
    severity: "critical",
    holds: (s) => s.crashLooping > 0,
    expr: (s) =>
      `max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", namespace="${s.namespace}", container="${s.name}"}[5m]) >= 1`,
    summary: (s) => `${s.name} pods are crash-looping`,
    description: (s) => `${s.crashLooping} pod(s) of ${s.namespace}/${s.name} are restarting in a loop (CrashLoopBackOff).`,
  },
  {
    alertname: "KubeContainerWaiting",
    severity: "warning",
    holds: (s) => s.imagePull > 0,
    expr: (s) =>
      `sum by (namespace, pod, container) (kube_pod_container_status_waiting_reason{namespace="${s.namespace}", container="${s.name}"}) > 0`,
    summary: (s) => `${s.name} containers are waiting to start`,
    description: (s) => `${s.imagePull} container(s) of ${s.namespace}/${s.name} have been waiting to start (ImagePullBackOff).`,
  },
  {
    alertname: "CPUThrottlingHigh",
    severity: "warning",
    holds: (s) => s.throttled > 0.25,
    expr: (s) =>
      `sum(increase(container_cpu_cfs_throttled_periods_total{namespace="${s.namespace}", container="${s.name}"}[5m])) / sum(increase(container_cpu_cfs_periods_total{namespace="${s.namespace}", container="${s.name}"}[5m])) > 0.25`,
    summary: (s) => `CPU throttling of ${s.name} is high`,
    description: (s) => `${pct(s.throttled)} throttling of CPU in namespace ${s.namespace} for container ${s.name}.`,
  },
];

type Firing = { startsAt: Date; lastSent: number; state: WorkloadState; rule: Rule; sent: boolean };

export type EvaluatorOptions = {
  simulator: Simulator;
  url: string;
  token: string;
  intervalMs?: number;
  /** How often a firing group is sent again (Alertmanager's group_interval). */
  resendMs?: number;
  /** How long a condition must hold before the alert fires (a rule's `for`). */
  forMs?: number;
  log?: (line: string) => void;
};

export function startAlertEvaluator(options: EvaluatorOptions): () => void {
  const resendMs = options.resendMs ?? 15_000;
  const forMs = options.forMs ?? 30_000;
  const say = options.log ?? (() => {});
  const firing = new Map<string, Firing>();

  const payload = (f: Firing, status: "firing" | "resolved") => {
    const s = f.state;
    const labels = { alertname: f.rule.alertname, namespace: s.namespace, deployment: s.name, severity: f.rule.severity, service: s.name };
    return alertmanagerPayload({
      groupLabels: { alertname: f.rule.alertname, deployment: s.name, namespace: s.namespace },
      externalURL: "http://alertmanager.demo.local",
      alerts: [
        {
          labels,
          annotations: {
            summary: f.rule.summary(s),
            description: f.rule.description(s),
            runbook_url: `https://runbooks.demo.local/${f.rule.alertname}`,
          },
          status,
          startsAt: f.startsAt,
          endsAt: status === "resolved" ? new Date() : undefined,
          generatorURL: `http://prometheus.demo.local/graph?g0.expr=${encodeURIComponent(f.rule.expr(s))}&g0.tab=1`,
        },
      ],
    });
  };

  async function send(body: unknown, what: string) {
    try {
      const response = await fetch(`${options.url}/api/webhooks/alertmanager`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) say(`demo: ${what}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
    } catch (err) {
      say(`demo: ${what}: ${(err as Error).message}`);
    }
  }

  function evaluate() {
    const now = Date.now();
    for (const state of options.simulator.state()) {
      for (const rule of demoRules) {
        const key = `${rule.alertname}/${state.namespace}/${state.name}`;
        const current = firing.get(key);
        if (rule.holds(state)) {
          if (!current) {
            // Pending, as Prometheus says, until it has held for `for`.
            firing.set(key, { startsAt: new Date(now), lastSent: 0, state, rule, sent: false });
          } else if (!current.sent && now - current.startsAt.getTime() >= forMs) {
            Object.assign(current, { sent: true, lastSent: now, state });
            say(`demo: ${rule.alertname} firing for ${state.namespace}/${state.name}`);
            void send(payload(current, "firing"), key);
          } else if (current.sent && now - current.lastSent >= resendMs) {
            current.lastSent = now;
            current.state = state;
            void send(payload(current, "firing"), key);
          }
        } else if (current) {
          firing.delete(key);
          if (!current.sent) continue;
          say(`demo: ${rule.alertname} resolved for ${state.namespace}/${state.name}`);
          void send(payload({ ...current, state }, "resolved"), `${key} (resolved)`);
        }
      }
    }
  }

  const timer = setInterval(evaluate, options.intervalMs ?? 3_000);
  timer.unref();
  return () => clearInterval(timer);
}
