// The chaos bench's disruptions: each fires once the replicas have delivered its share of the
// notifications, one at a time, and is timed from the moment it starts to the first request
// accepted that was sent after the service was really down (the way back, seen by a sender).
import { performance } from "node:perf_hooks";
import type { Attempt } from "./chaos-sender";

export type DisruptionKind = "postgres-fast" | "server-kill" | "postgres-crash";

export const DISRUPTIONS: { at: number; kind: DisruptionKind; label: string }[] = [
  { at: 0.25, kind: "postgres-fast", label: "PostgreSQL restart (pg_ctl stop -m fast)" },
  { at: 0.4, kind: "server-kill", label: "Vigil server kill -9, then restarted" },
  { at: 0.6, kind: "postgres-crash", label: "PostgreSQL crash (pg_ctl stop -m immediate), then restarted" },
];

export type Disruption = {
  at: number;
  kind: DisruptionKind;
  label: string;
  startedAt?: number;
  /** The same moment by the wall clock, to match against the server's and the database's records. */
  startedWall?: Date;
  /** The service is down (the stop returned, the process is gone): attempts sent from here on count for recovery. */
  downAt?: number;
  /** The bench brought it back (PostgreSQL started, the server ready). */
  restoredAt?: number;
  /** The first accepted request sent after downAt ended. */
  recoveredAt?: number;
  failedAttempts: number;
  error?: string;
};

/** What a disruption does: stop the thing, say it is down, bring it back. */
export type Act = (down: () => void) => Promise<void>;

export class ChaosSchedule {
  readonly disruptions: Disruption[] = DISRUPTIONS.map((d) => ({ ...d, failedAttempts: 0 }));
  private current: Promise<void> | null = null;

  constructor(
    private readonly acts: Record<DisruptionKind, Act>,
    private readonly log: (line: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Called as deliveries are accepted; starts the next disruption once its share is reached. */
  progress(fraction: number): void {
    if (this.current) return;
    const next = this.disruptions.find((d) => d.startedAt === undefined);
    if (!next || fraction < next.at) return;
    next.startedAt = this.now();
    next.startedWall = new Date();
    this.log(`${Math.round(fraction * 100)}% delivered: ${next.label}`);
    this.current = this.acts[next.kind](() => (next.downAt = this.now()))
      .then(() => {
        next.restoredAt = this.now();
        this.log(`${next.kind}: back after ${((next.restoredAt - next.startedAt!) / 1000).toFixed(1)} s`);
      })
      .catch((err: Error) => {
        next.error = err.message;
        this.log(`${next.kind} FAILED: ${err.message}`);
      })
      .finally(() => (this.current = null));
  }

  attempt(a: Attempt): void {
    for (const d of this.disruptions) {
      if (d.startedAt === undefined || d.recoveredAt !== undefined) continue;
      if (!a.ok && a.sentAt >= d.startedAt) d.failedAttempts += 1;
      if (a.ok && d.downAt !== undefined && a.sentAt >= d.downAt) d.recoveredAt = a.doneAt;
    }
  }

  /** Waits for a disruption under way; any that never started is reported as such. */
  async settle(): Promise<void> {
    while (this.current) await this.current;
  }
}
