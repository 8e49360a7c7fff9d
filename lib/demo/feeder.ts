// Plays the demo's alerts the way Alertmanager would: each scenario's notification reaches
// Vigil's own webhook over HTTP when its incident "happens", is resent every group
// interval, and the last one resolves after a while — so the console visibly moves.
import type { DemoIncident } from "@/lib/demo/world";

export type FeederOptions = { url: string; token: string; incidents: DemoIncident[]; resendMs?: number; resolveAfterMs?: number; log?: (line: string) => void };

export function startDemoFeeder(options: FeederOptions): () => void {
  const resendMs = options.resendMs ?? 20_000;
  const resolveAfterMs = options.resolveAfterMs ?? 90_000;
  const say = options.log ?? (() => {});
  const fired: DemoIncident[] = [];
  let resolved = false;

  async function send(payload: unknown, what: string) {
    try {
      const response = await fetch(`${options.url}/api/webhooks/alertmanager`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.token}` },
        body: JSON.stringify(payload),
      });
      if (!response.ok) say(`demo: ${what}: HTTP ${response.status} ${await response.text()}`);
    } catch (err) {
      say(`demo: ${what}: ${(err as Error).message}`);
    }
  }

  const timers: NodeJS.Timeout[] = options.incidents.map((incident) =>
    setTimeout(() => {
      fired.push(incident);
      const labels = incident.scenario.alertmanager.commonLabels;
      say(`demo: ${labels.alertname ?? "alert"} fired in ${labels.namespace ?? "?"}`);
      void send(incident.scenario.alertmanager, incident.scenario.id);
    }, Math.max(0, incident.fireAt.getTime() - Date.now())),
  );

  const last = options.incidents[options.incidents.length - 1];
  timers.push(
    setInterval(() => {
      for (const incident of fired) {
        const payload = incident.scenario.alertmanager;
        if (incident === last && Date.now() - incident.fireAt.getTime() > resolveAfterMs) {
          if (!resolved) say(`demo: resolved: ${incident.scenario.title}`);
          resolved = true;
          const endsAt = new Date().toISOString();
          void send({ ...payload, status: "resolved", alerts: payload.alerts.map((a) => ({ ...a, status: "resolved", endsAt })) }, `${incident.scenario.id} (resolved)`);
        } else void send(payload, incident.scenario.id);
      }
    }, resendMs),
  );
  return () => timers.forEach((t) => clearTimeout(t));
}
