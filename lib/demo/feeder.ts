// Keeps the demo alive the way Alertmanager would: sends the example groups to Vigil's
// own webhook over HTTP, resends them (as group_interval does), resolves some after a
// while and fires new ones, so the console visibly changes without anyone touching it.
import { alertmanagerPayload, type AlertSpec } from "@/lib/alerts/payload-builder";
import { demoGroups, type DemoGroup } from "@/lib/demo/alerts";

type Active = { group: DemoGroup; alerts: AlertSpec[]; firedAt: number };

export type FeederOptions = { url: string; token: string; resendMs?: number; resolveAfterMs?: number; newEveryMs?: number; log?: (line: string) => void };

export function startDemoFeeder(options: FeederOptions): () => void {
  const resendMs = options.resendMs ?? 20_000;
  const resolveAfterMs = options.resolveAfterMs ?? 75_000;
  const newEveryMs = options.newEveryMs ?? 90_000;
  const say = options.log ?? (() => {});
  const active: Active[] = [];
  let next = 0;

  async function send(group: DemoGroup, alerts: AlertSpec[]) {
    const body = JSON.stringify(alertmanagerPayload({ receiver: "vigil-demo", groupLabels: group.groupLabels, alerts }));
    try {
      const response = await fetch(`${options.url}/api/webhooks/alertmanager`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.token}` },
        body,
      });
      if (!response.ok) say(`demo alert ${group.groupLabels.alertname}: HTTP ${response.status} ${await response.text()}`);
    } catch (err) {
      say(`demo alert ${group.groupLabels.alertname}: ${(err as Error).message}`);
    }
  }

  async function fire() {
    const group = demoGroups[next % demoGroups.length]!;
    next += 1;
    const alerts = group.alerts(new Date());
    active.push({ group, alerts, firedAt: Date.now() });
    say(`demo: ${group.groupLabels.alertname} fired in ${group.groupLabels.namespace}`);
    await send(group, alerts);
  }

  async function tick() {
    const now = Date.now();
    for (const a of [...active]) {
      // The first group stays firing: it is the one a person looks into.
      if (a.group !== demoGroups[0] && now - a.firedAt > resolveAfterMs) {
        active.splice(active.indexOf(a), 1);
        say(`demo: ${a.group.groupLabels.alertname} resolved in ${a.group.groupLabels.namespace}`);
        await send(a.group, a.alerts.map((s) => ({ ...s, status: "resolved" as const, endsAt: new Date() })));
      } else {
        await send(a.group, a.alerts);
      }
    }
  }

  const timers: NodeJS.Timeout[] = [];
  // Three incidents right away, a little apart, so the list visibly fills.
  void fire();
  timers.push(setTimeout(() => void fire(), 2_000), setTimeout(() => void fire(), 4_000));
  timers.push(setInterval(() => void tick(), resendMs));
  timers.push(setInterval(() => void fire(), newEveryMs));
  return () => timers.forEach((t) => clearInterval(t));
}
