// Per-process fan-out of stream notifications. One dedicated connection LISTENs for
// NOTIFYs from every replica; subscribers are told "something new for incident X" and read
// it themselves. A slow poll backs it up, for databases or proxies that drop notifications.
import "server-only";
import pg from "pg";
import { STREAM_CHANNEL } from "@/lib/stream/types";
import { log } from "@/lib/log";
import { drainOnTermination } from "@/lib/runtime/drain";

type Listener = () => void;
const POLL_MS = 2_000;

export class StreamHub {
  private listeners = new Map<string, Set<Listener>>();
  private closers = new Set<() => void>();
  private closed = false;
  private client: pg.Client | null = null;
  private poll: NodeJS.Timeout | null = null;

  constructor(private readonly databaseUrl: string) {}

  /** `onClose`: the hub is closing (the server is shutting down); the subscriber ends its stream. */
  subscribe(incidentId: string, listener: Listener, onClose?: () => void): () => void {
    if (this.closed) {
      onClose?.();
      return () => {};
    }
    this.ensureStarted();
    const set = this.listeners.get(incidentId) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(incidentId, set);
    if (onClose) this.closers.add(onClose);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(incidentId);
      if (onClose) this.closers.delete(onClose);
    };
  }

  /** Ends every subscriber's stream, for good: an open stream would keep the HTTP server from
   * closing on shutdown. Clients reconnect (to another instance) from their last event. */
  async close(): Promise<void> {
    this.closed = true;
    for (const onClose of [...this.closers]) onClose();
    this.closers.clear();
    if (this.poll) clearInterval(this.poll);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private fire(incidentId: string) {
    for (const l of this.listeners.get(incidentId) ?? []) l();
  }

  private ensureStarted() {
    if (this.poll) return;
    this.poll = setInterval(() => {
      for (const id of this.listeners.keys()) this.fire(id);
    }, POLL_MS);
    this.poll.unref();
    void this.listen();
  }

  private async listen() {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: "vigil-stream" });
    client.on("notification", (n) => n.payload && this.fire(n.payload));
    client.on("error", (err) => {
      log.warn({ err: err.message }, "stream listener lost its connection; reconnecting");
      this.client = null;
      setTimeout(() => void this.listen(), 1_000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${STREAM_CHANNEL}`);
      this.client = client;
    } catch (err) {
      log.warn({ err: (err as Error).message }, "could not LISTEN for stream events; polling only");
      await client.end().catch(() => undefined);
      setTimeout(() => void this.listen(), 5_000).unref();
    }
  }
}

const holder = globalThis as unknown as { vigilStreamHub?: StreamHub };

export function streamHub(databaseUrl: string): StreamHub {
  if (!holder.vigilStreamHub) {
    const hub = (holder.vigilStreamHub = new StreamHub(databaseUrl));
    drainOnTermination(() => hub.close());
  }
  return holder.vigilStreamHub;
}
