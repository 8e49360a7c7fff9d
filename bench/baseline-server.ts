// The baseline: a bare node:http server doing Vigil's webhook work with the same domain code
// (token check, bounded body, zod validation, ingestAlertmanagerPayload's SQL over pg) and
// none of Next.js: the difference to Vigil is what the framework costs. Run as its own process.
import http from "node:http";
import { env } from "@/lib/env";
import { createDb } from "@/lib/db/client";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { ingestReceipt } from "@/lib/alerts/receipt";
import { startBoss } from "@/lib/jobs/boss";
import { queueOnIngest } from "@/lib/jobs/investigations";
import { VigilError } from "@/lib/errors";
import { bearerToken, tokenMatches } from "@/lib/http/bearer";
import { readLimitedNodeBody } from "@/lib/http/read-body";
import { parseWebhookPayload } from "@/lib/alerts/parse";
import { isTransientDbError } from "@/lib/db/errors";

const databaseUrl = env.DATABASE_URL;
const token = env.VIGIL_WEBHOOK_TOKEN;
const port = env.PORT;
const poolSize = env.VIGIL_DB_POOL_SIZE;
const maxBytes = env.VIGIL_WEBHOOK_MAX_BYTES;
if (!databaseUrl || !token) throw new Error("baseline-server needs DATABASE_URL, VIGIL_WEBHOOK_TOKEN and PORT");

const { db, pool } = createDb(databaseUrl, poolSize);
// The same durable work as Vigil's route: each ingest also queues its investigation.
const boss = await startBoss(databaseUrl);
const afterIngest = queueOnIngest(boss);

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method === "GET" && req.url === "/healthz") return send(res, 200, { status: "ok" });
  if (req.method !== "POST" || req.url !== "/api/webhooks/alertmanager") return send(res, 404, { error: "not_found" });
  if (!tokenMatches(bearerToken(req.headers.authorization ?? null), token!)) {
    res.setHeader("WWW-Authenticate", 'Bearer realm="vigil"');
    return send(res, 401, { error: "unauthorized", message: "a valid bearer token is required" });
  }
  try {
    const payload = parseWebhookPayload(await readLimitedNodeBody(req, maxBytes));
    const result = await ingestAlertmanagerPayload(db, payload, new Date(), afterIngest);
    send(res, 200, ingestReceipt(result));
  } catch (err) {
    if (err instanceof VigilError) return send(res, err.status, { error: err.code, message: err.message });
    if (isTransientDbError(err)) return send(res, 503, { error: "unavailable", message: "the database is unavailable; retry later" });
    console.error(`baseline: unexpected error: ${(err as Error).stack ?? err}`);
    send(res, 500, { error: "internal", message: "unexpected error" });
  }
}

const server = http.createServer((req, res) => void handle(req, res));
server.listen(port, "127.0.0.1", () => console.log(`baseline ready on 127.0.0.1:${port}`));

const shutdown = () =>
  server.close(
    () =>
      void boss
        .stop({ graceful: false })
        .then(() => pool.end())
        .finally(() => process.exit(0)),
  );
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
