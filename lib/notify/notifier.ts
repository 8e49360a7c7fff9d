// Sends each event to every configured sink (Slack, a generic webhook) in parallel. A
// notification is a courtesy, never a dependency: notify() does not throw, and returns
// within the timeout even when a receiver hangs. Failures are logged with the receiver's
// host only — a Slack webhook URL's path is its secret.
import type { Logger } from "pino";
import { log as rootLog } from "@/lib/log";
import { slackMessage } from "@/lib/notify/slack";
import type { NotifyEvent } from "@/lib/notify/types";
import { webhookRequest } from "@/lib/notify/webhook";

export type NotifierConfig = {
  slackWebhookUrl?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  /** The console's address, for links to incident pages. */
  publicUrl: string;
  timeoutMs?: number;
};

export type Notifier = {
  /** false: no sink is configured, so callers may skip building the event (a database read). */
  enabled?: boolean;
  notify(event: NotifyEvent): Promise<void>;
};

type Deps = { fetch?: typeof fetch; log?: Pick<Logger, "warn" | "debug">; now?: () => Date };
type Sink = {
  name: "slack" | "webhook";
  url: string;
  build: (event: NotifyEvent, at: Date) => { body: string; headers: Record<string, string> };
};
type Outcome = { status: number; detail: string } | { error: unknown } | "timeout";

export const DEFAULT_NOTIFY_TIMEOUT_MS = 5_000;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid url)";
  }
}

// Error messages can quote the URL (e.g. "Failed to parse URL from …"): keep its path out.
function describeError(err: unknown, url: string): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  let text = e?.message ?? String(err);
  const cause = e?.cause?.code ?? e?.cause?.message;
  if (cause) text += ` (${cause})`;
  let path = "";
  try {
    path = new URL(url).pathname;
  } catch {
    path = "";
  }
  for (const secret of [url, path.length > 1 ? path : ""]) if (secret) text = text.split(secret).join("[redacted]");
  return text;
}

export function createNotifier(config: NotifierConfig, deps: Deps = {}): Notifier {
  const fetchImpl = deps.fetch ?? fetch;
  const log = deps.log ?? rootLog.child({ component: "notify" });
  const now = deps.now ?? (() => new Date());
  const timeoutMs = config.timeoutMs ?? DEFAULT_NOTIFY_TIMEOUT_MS;
  const sinks: Sink[] = [];
  if (config.slackWebhookUrl) {
    sinks.push({
      name: "slack",
      url: config.slackWebhookUrl,
      build: (e) => ({ body: JSON.stringify(slackMessage(e, config.publicUrl)), headers: {} }),
    });
  }
  if (config.webhookUrl) {
    sinks.push({
      name: "webhook",
      url: config.webhookUrl,
      build: (e, at) => webhookRequest(e, config.publicUrl, at, config.webhookSecret),
    });
  }

  async function post(sink: Sink, event: NotifyEvent, at: Date, signal: AbortSignal): Promise<Outcome> {
    try {
      const { body, headers } = sink.build(event, at);
      const response = await fetchImpl(sink.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "vigil-notifier", ...headers },
        body,
        signal,
      });
      // Slack explains a refusal in the body ("invalid_blocks"); a success body is just "ok".
      const detail = response.ok ? "" : (await response.text()).slice(0, 200);
      if (response.ok) await response.body?.cancel();
      return { status: response.status, detail };
    } catch (error) {
      return { error };
    }
  }

  async function deliver(sink: Sink, event: NotifyEvent, at: Date): Promise<void> {
    const context = {
      sink: sink.name,
      host: hostOf(sink.url),
      event: event.type,
      incidentId: event.incident.id,
      traceId: event.incident.traceId,
    };
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The race guards against a fetch that ignores its abort signal: the caller still goes on.
    const deadline = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve("timeout");
      }, timeoutMs);
    });
    const outcome = await Promise.race([post(sink, event, at, controller.signal), deadline]);
    clearTimeout(timer);
    if (outcome === "timeout") log.warn({ ...context, timeoutMs }, "notification timed out");
    else if ("error" in outcome) log.warn({ ...context, err: describeError(outcome.error, sink.url) }, "notification failed");
    else if (outcome.status < 200 || outcome.status > 299)
      log.warn({ ...context, status: outcome.status, detail: outcome.detail }, "notification refused");
    else log.debug({ ...context, status: outcome.status }, "notification sent");
  }

  return {
    enabled: sinks.length > 0,
    async notify(event) {
      if (sinks.length === 0) return;
      try {
        const at = event.occurredAt ?? now();
        await Promise.all(sinks.map((sink) => deliver(sink, event, at)));
      } catch (err) {
        // Only a malformed event gets here (deliver handles every network outcome).
        log.warn({ event: event?.type, err: (err as Error).message }, "notification not sent");
      }
    },
  };
}
