// One Alertmanager replica of the chaos bench: posts every notification of the workload to
// the webhook, a group's notifications in order, several groups at once, and retries each
// with exponential backoff on connection errors and 5xx until it is accepted, as
// Alertmanager does. Records retries, how long it saw the webhook fail, and each attempt.
import http from "node:http";
import { performance } from "node:perf_hooks";
import { seededRng } from "@/lib/random";
import type { ChaosWorkload, Notification } from "./chaos-workload";
import { notificationBody } from "./chaos-workload";
import { post } from "./load";

export const BACKOFF = { initialMs: 100, factor: 2, maxMs: 5_000 };
const REQUEST_TIMEOUT_MS = 30_000;

/** The wait before retry number `retry` (1-based): exponential, capped, with ±20% jitter. */
export function backoffMs(retry: number, random: number, b = BACKOFF): number {
  const base = Math.min(b.maxMs, b.initialMs * b.factor ** Math.max(0, retry - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

/** Spans during which a sender's requests failed: from the first failure after a success to
 * the next success. Times in ms; calls may come out of order across concurrent requests. */
export class OutageTracker {
  private failingSince: number | null = null;
  longestMs = 0;

  failed(at: number): void {
    if (this.failingSince === null || at < this.failingSince) this.failingSince = at;
  }

  succeeded(at: number): void {
    if (this.failingSince === null || at < this.failingSince) return;
    this.longestMs = Math.max(this.longestMs, at - this.failingSince);
    this.failingSince = null;
  }
}

export type Attempt = { sentAt: number; doneAt: number; ok: boolean; status: number; error?: string };
type Receipt = { stored: number; duplicates: number };

export type ReplicaStats = {
  name: string;
  requests: number;
  accepted: number;
  retries: number;
  /** Failures by kind: "refused", "HTTP 503", "timeout", "reset"... */
  failures: Map<string, number>;
  /** Rejected for good (4xx): Alertmanager drops these; the bench fails on any. */
  rejected: string[];
  stored: number;
  duplicates: number;
  outage: OutageTracker;
};

function failureKind(error: string): string {
  if (/ECONNREFUSED/.test(error)) return "refused";
  if (/ECONNRESET|socket hang up/.test(error)) return "reset";
  if (/no answer within/.test(error)) return "timeout";
  return error.startsWith("HTTP ") ? error.slice(0, 8) : error.slice(0, 40);
}

export type ReplicaOptions = {
  name: string;
  url: string;
  token: string;
  /** Groups this replica works at once. */
  concurrency: number;
  seed: number;
  /** Every attempt, as it ends (the bench times recoveries with them). */
  onAttempt: (attempt: Attempt, n: Notification) => void;
};

export function newStats(name: string): ReplicaStats {
  return {
    name,
    requests: 0,
    accepted: 0,
    retries: 0,
    failures: new Map(),
    rejected: [],
    stored: 0,
    duplicates: 0,
    outage: new OutageTracker(),
  };
}

/** Sends every notification until accepted; resolves when all are. */
export async function runReplica(workload: ChaosWorkload, options: ReplicaOptions, stats: ReplicaStats): Promise<void> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency, scheduling: "fifo" });
  const random = seededRng(options.seed);
  const previous = new Map<number, Promise<void>>();
  let next = 0;

  const deliver = async (n: Notification) => {
    const body = notificationBody(workload, n);
    for (let retry = 0; ; retry++) {
      if (retry > 0) {
        stats.retries += 1;
        await new Promise((r) => setTimeout(r, backoffMs(retry, random())));
      }
      const sentAt = performance.now();
      stats.requests += 1;
      const answer = await post(agent, target, options.token, body, REQUEST_TIMEOUT_MS);
      const doneAt = performance.now();
      const { ok, error } = answer;
      options.onAttempt({ sentAt, doneAt, ok, status: answer.status, error }, n);
      if (ok) {
        stats.accepted += 1;
        stats.outage.succeeded(doneAt);
        const receipt = JSON.parse(answer.body) as Receipt;
        stats.stored += receipt.stored;
        stats.duplicates += receipt.duplicates;
        return;
      }
      stats.outage.failed(sentAt);
      const kind = failureKind(error!);
      stats.failures.set(kind, (stats.failures.get(kind) ?? 0) + 1);
      // Alertmanager retries what may succeed later, and drops a 4xx.
      if (answer.status >= 400 && answer.status < 500) {
        stats.rejected.push(error!);
        return;
      }
    }
  };

  const worker = async () => {
    while (next < workload.notifications.length) {
      const n = workload.notifications[next++]!;
      // A group's notifications go out one after another, as Alertmanager's group pipeline sends them.
      const sent = (previous.get(n.group) ?? Promise.resolve()).then(() => deliver(n));
      previous.set(n.group, sent);
      await sent;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  agent.destroy();
}
