// The process-wide notifier, configured from the environment. With no sink configured it
// is a no-op, so callers notify unconditionally and never check configuration themselves.
import "server-only";
import { env } from "@/lib/env";
import { createNotifier, type Notifier } from "@/lib/notify/notifier";

/** The console's address as people reach it: VIGIL_PUBLIC_URL, else NEXTAUTH_URL. */
export function publicUrl(): string {
  return env.VIGIL_PUBLIC_URL ?? env.NEXTAUTH_URL ?? "http://localhost:3000";
}

let notifier: Notifier | undefined;

export function getNotifier(): Notifier {
  notifier ??= createNotifier({
    slackWebhookUrl: env.VIGIL_SLACK_WEBHOOK_URL,
    webhookUrl: env.VIGIL_NOTIFY_WEBHOOK_URL,
    webhookSecret: env.VIGIL_NOTIFY_WEBHOOK_SECRET,
    publicUrl: publicUrl(),
    timeoutMs: env.VIGIL_NOTIFY_TIMEOUT_MS,
  });
  return notifier;
}
