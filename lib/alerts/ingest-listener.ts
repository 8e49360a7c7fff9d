// The Alertmanager webhook on a port of its own (VIGIL_INGEST_PORT), served by a bare
// node:http server inside the Next.js process, started by instrumentation.ts. The work is the
// route's (lib/alerts/webhook.ts); what it skips is Next.js's routing, its Request/Response
// conversion and its middleware chain, ~1 ms of CPU per notification on a 2-core machine,
// which at 1,000 alerts/s is the difference between a server thread that queues and one that
// does not (BENCHMARKS.md). Only POST /api/webhooks/alertmanager is served here.
import "server-only";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { handleAlertmanagerWebhook } from "@/lib/alerts/webhook";
import { readLimitedNodeBody } from "@/lib/http/read-body";
import { errorReply, type Reply } from "@/lib/http/respond";

export const WEBHOOK_PATH = "/api/webhooks/alertmanager";

function send(res: ServerResponse, reply: Reply): void {
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...reply.headers,
  });
  res.end(body);
}

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?", 1)[0];
  if (path !== WEBHOOK_PATH) {
    return send(res, { status: 404, body: { error: "not_found", message: `this port serves POST ${WEBHOOK_PATH} only` } });
  }
  if (req.method !== "POST") {
    return send(res, { status: 405, body: { error: "method_not_allowed", message: "use POST" }, headers: { Allow: "POST" } });
  }
  const reply = await handleAlertmanagerWebhook({
    authorization: req.headers.authorization ?? null,
    readBody: (maxBytes) => readLimitedNodeBody(req, maxBytes),
  });
  // A body refused part-way is left unread: the connection cannot carry another request.
  if (reply.status === 413) res.setHeader("Connection", "close");
  send(res, reply);
}

/** Listens on `port`; resolves once it does, rejects when it cannot (the port is taken). */
export function startIngestListener(port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, errorReply(err, { route: `POST ${WEBHOOK_PATH} (ingest port)` }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
