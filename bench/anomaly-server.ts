// The bench's server for npm run bench:anomaly: Vigil's own POST /api/ingest/metrics route
// handler (auth, body limit, zod, the ingest transaction with anomaly detection, the alert
// path for what it finds) behind a bare node:http listener, as its own process. Next.js's
// request overhead is left out; bench:ingest measures that for the webhook.
import http from "node:http";
import { env } from "@/lib/env";
import { POST } from "@/app/api/ingest/metrics/route";
import { getDb } from "@/lib/db/client";
import { getBoss } from "@/lib/jobs/queue";

if (!env.DATABASE_URL) throw new Error("anomaly-server needs DATABASE_URL and PORT");

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method === "GET" && req.url === "/healthz") return send(res, 200, '{"status":"ok"}');
  if (req.method !== "POST" || req.url !== "/api/ingest/metrics") return send(res, 404, '{"error":"not_found"}');
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const response = await POST(new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }));
  send(res, response.status, await response.text());
}

// The job queue the alert path uses, started before the first request as the app's instrumentation does.
await getBoss();
getDb();
const server = http.createServer(
  (req, res) =>
    void handle(req, res).catch((err: Error) => {
      console.error(`anomaly-server: ${err.stack ?? err}`);
      if (!res.headersSent) send(res, 500, '{"error":"internal"}');
    }),
);
server.keepAliveTimeout = 60_000;
server.listen(env.PORT, "127.0.0.1", () => console.log(`anomaly-server ready on 127.0.0.1:${env.PORT}`));

const shutdown = () =>
  server.close(
    () =>
      void getBoss()
        .then((b) => b.stop({ graceful: false }))
        .finally(() => process.exit(0)),
  );
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
