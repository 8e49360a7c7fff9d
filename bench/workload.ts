// The bench's traffic: new groups, alerts joining open groups, resolutions and ~20% exact resends, plus the ledger of what was acknowledged.
import { alertmanagerPayload, type AlertSpec } from "@/lib/alerts/payload-builder";
import { labelsFingerprint } from "@/lib/alerts/fingerprint";
import { newAlert, newGroupSeed, type GroupSeed } from "./alert-factory";
import { seededRng, type Rng } from "@/lib/random";

export type Kind = "new" | "join" | "resolve" | "duplicate";
type Tracked = { key: string; spec: AlertSpec };
type Group = { seed: GroupSeed; alerts: Tracked[] };
export type Delivery = { kind: Kind; body: string; alerts: { key: string; resolved: boolean }[]; apply?: () => void };
export type LedgerEntry = { deliveries: number; resolved: boolean; uncertain: boolean };

export const ALERTS_PER_PAYLOAD = 5;
const DUPLICATE_SHARE = 0.2;
const RESOLVE_SHARE = 0.12;
const JOIN_SHARE = 0.13;
const RESEND_POOL = 2_000;

export function alertKey(fingerprint: string, startsAt: Date): string {
  return `${fingerprint}@${startsAt.toISOString()}`;
}

function last<T>(items: T[], n: number): T[] {
  return n > 0 ? items.slice(-n) : [];
}

export class Workload {
  readonly ledger = new Map<string, LedgerEntry>();
  readonly kinds: Record<Kind, number> = { new: 0, join: 0, resolve: 0, duplicate: 0 };
  private readonly rng: Rng;
  private readonly open: Group[][];
  private readonly sent: Delivery[] = [];
  private groups = 0;

  constructor(senders: number, seed = 42) {
    this.rng = seededRng(seed);
    this.open = Array.from({ length: senders }, () => []);
  }

  /** The next payload for one sender. Group changes apply only once the server acknowledged them. */
  next(sender: number): Delivery {
    const r = this.rng();
    const mine = this.open[sender]!;
    if (r < DUPLICATE_SHARE && this.sent.length > 0)
      return { ...this.sent[Math.floor(this.rng() * this.sent.length)]!, kind: "duplicate", apply: undefined };
    if (r < DUPLICATE_SHARE + RESOLVE_SHARE && mine.length > 0) return this.resolve(mine, Math.floor(this.rng() * mine.length));
    if (r < DUPLICATE_SHARE + RESOLVE_SHARE + JOIN_SHARE && mine.length > 0) return this.join(mine[Math.floor(this.rng() * mine.length)]!);
    return this.create(mine, sender);
  }

  acknowledged(delivery: Delivery): void {
    this.kinds[delivery.kind] += 1;
    for (const a of delivery.alerts) {
      const entry = this.entry(a.key);
      entry.deliveries += 1;
      if (a.resolved) entry.resolved = true;
    }
    delivery.apply?.();
    if (delivery.kind === "duplicate") return;
    if (this.sent.length < RESEND_POOL) this.sent.push(delivery);
    else this.sent[Math.floor(this.rng() * RESEND_POOL)] = delivery;
  }

  /** A failed request may or may not have been stored: its alerts are excluded from the exact checks. */
  failed(delivery: Delivery): void {
    for (const a of delivery.alerts) this.entry(a.key).uncertain = true;
  }

  private entry(key: string): LedgerEntry {
    let entry = this.ledger.get(key);
    if (!entry) this.ledger.set(key, (entry = { deliveries: 0, resolved: false, uncertain: false }));
    return entry;
  }

  private create(mine: Group[], sender: number): Delivery {
    const seed = newGroupSeed(this.rng, `${sender}-${(this.groups++).toString(36)}`);
    const alerts = Array.from({ length: ALERTS_PER_PAYLOAD }, () => this.track(newAlert(this.rng, seed, Date.now())));
    const group: Group = { seed, alerts };
    return this.deliver("new", group, alerts, () => mine.push(group));
  }

  /** Two new alerts join the group; the payload carries them with up to three firing ones. */
  private join(group: Group): Delivery {
    const added = [0, 1].map(() => this.track(newAlert(this.rng, group.seed, Date.now())));
    const firing = last(
      group.alerts.filter((a) => a.spec.status !== "resolved"),
      ALERTS_PER_PAYLOAD - added.length,
    );
    const others = last(
      group.alerts.filter((a) => !firing.includes(a)),
      ALERTS_PER_PAYLOAD - added.length - firing.length,
    );
    return this.deliver("join", group, [...others, ...firing, ...added], () => group.alerts.push(...added));
  }

  /** Resolves all firing alerts of the payload, or two of them; the group closes once none fires. */
  private resolve(mine: Group[], index: number): Delivery {
    const group = mine[index]!;
    const firing = group.alerts.filter((a) => a.spec.status !== "resolved");
    const resolved = group.alerts.filter((a) => a.spec.status === "resolved");
    const window = [...firing, ...resolved].slice(0, ALERTS_PER_PAYLOAD);
    const count = this.rng() < 0.5 ? ALERTS_PER_PAYLOAD : 2;
    const endsAt = new Date();
    const toResolve = new Set(window.filter((a) => a.spec.status !== "resolved").slice(0, count));
    const shown = window.map((a) => (toResolve.has(a) ? { ...a, spec: { ...a.spec, status: "resolved" as const, endsAt } } : a));
    return this.deliver("resolve", group, shown, () => {
      for (const a of toResolve) a.spec = { ...a.spec, status: "resolved", endsAt };
      if (group.alerts.every((a) => a.spec.status === "resolved")) mine.splice(mine.indexOf(group), 1);
    });
  }

  private track(spec: AlertSpec): Tracked {
    return { key: alertKey(labelsFingerprint(spec.labels), spec.startsAt), spec };
  }

  private deliver(kind: Kind, group: Group, alerts: Tracked[], apply: () => void): Delivery {
    const payload = alertmanagerPayload({ receiver: "bench", groupLabels: group.seed.groupLabels, alerts: alerts.map((a) => a.spec) });
    return {
      kind,
      body: JSON.stringify(payload),
      alerts: alerts.map((a) => ({ key: a.key, resolved: a.spec.status === "resolved" })),
      apply,
    };
  }
}
