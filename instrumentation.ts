// Runs once when the Next.js server starts, before it serves requests: creates the first
// admin from VIGIL_ADMIN_EMAIL / VIGIL_ADMIN_PASSWORD when there is none, and warns loudly
// about configuration that leaves a feature refusing requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  const { log } = await import("@/lib/log");
  const { getDb } = await import("@/lib/db/client");
  const { ensureBootstrapAdmin } = await import("@/lib/auth/users");
  try {
    const outcome = await ensureBootstrapAdmin(getDb(), env.VIGIL_ADMIN_EMAIL, env.VIGIL_ADMIN_PASSWORD);
    if (outcome === "created") log.info({ email: env.VIGIL_ADMIN_EMAIL }, "bootstrap admin created");
  } catch (err) {
    // Another replica may have created it first; the server is still useful without it.
    log.warn({ err: (err as Error).message }, "could not create the bootstrap admin");
  }
  try {
    const { startJobs } = await import("@/lib/jobs/runtime");
    await startJobs();
  } catch (err) {
    // The console still serves; investigations wait in the queue until a worker runs.
    log.error({ err: (err as Error).message }, "could not start the job queue");
  }
  if (env.VIGIL_INGEST_PORT) {
    try {
      // The webhook on a port of its own, outside Next.js's request handling; closed on SIGTERM
      // with the rest (lib/runtime/drain.ts), after the requests under way are answered.
      const { startIngestListener } = await import("@/lib/alerts/ingest-listener");
      const { drainOnTermination } = await import("@/lib/runtime/drain");
      const listener = await startIngestListener(env.VIGIL_INGEST_PORT, env.HOSTNAME);
      drainOnTermination(() => new Promise<void>((resolve) => listener.close(() => resolve())));
      log.info({ port: env.VIGIL_INGEST_PORT }, "the Alertmanager webhook is also served on the ingest port");
    } catch (err) {
      // The webhook still answers on the console's port.
      log.error({ err: (err as Error).message, port: env.VIGIL_INGEST_PORT }, "could not serve the ingest port");
    }
  }
  try {
    // The runbooks folder (VIGIL_RUNBOOKS_DIR), synced in the background: serving never waits.
    const { startRunbookSync } = await import("@/lib/runbooks/runtime");
    startRunbookSync();
  } catch (err) {
    log.error({ err: (err as Error).message }, "could not start the runbook sync");
  }
  if (env.DATABASE_URL) {
    // Said once at startup: whether this server's own role could rewrite the audit trail (README, "Security").
    const { auditProtection } = await import("@/lib/db/roles");
    const found = await auditProtection(env.DATABASE_URL).catch((err: Error) => ({ protected: false, role: null, reason: err.message }));
    if (!found.protected)
      log.warn(
        { role: found.role, reason: found.reason },
        "the audit trail is not protected from this server's database role; see DATABASE_OWNER_URL",
      );
  }
  if (!env.VIGIL_WEBHOOK_TOKEN) {
    log.warn("VIGIL_WEBHOOK_TOKEN is not set: POST /api/webhooks/alertmanager refuses every request until it is");
  }
  if (!env.NEXTAUTH_SECRET) {
    log.warn("NEXTAUTH_SECRET is not set: sign-in cannot work; start Vigil with `npm start`, which provides one");
  }
}
