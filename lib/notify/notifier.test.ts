// The notifier against a real HTTP receiver: what Slack and a webhook receive, signatures a
// receiver can check, and that a failing, hanging or absent receiver neither throws nor
// holds the caller past the timeout — nor leaks the webhook's secret path into the logs.
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createNotifier, type NotifierConfig } from "@/lib/notify/notifier";
import type { NotifyEvent } from "@/lib/notify/types";
import { verifySignature } from "@/lib/notify/webhook";

type Received = { path: string; headers: IncomingMessage["headers"]; body: string };
const SECRET_PATH = "/services/T0001/B0001/s3cr3tXYZ";

let server: Server;
let base: string;
let received: Received[];
let logLines: Record<string, unknown>[];
let log: pino.Logger;

beforeEach(async () => {
  received = [];
  logLines = [];
  log = pino({ level: "debug" }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ path: req.url!, headers: req.headers, body });
      if (req.url!.startsWith("/hang")) return; // never answers
      if (req.url!.startsWith("/fail")) return void res.writeHead(500).end("invalid_blocks");
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const event: NotifyEvent = {
  type: "rca.ready",
  incident: {
    id: "inc_1",
    title: "HighErrorRate <!channel>",
    severity: "high",
    namespace: "shop",
    workload: "cart",
    traceId: "0af7651916cd43dd8448eb211c80319c",
  },
  rootCause: "bad_deploy",
  confidence: 0.9,
  summary: "cart 1.4 fails on start",
  engine: "rules",
  occurredAt: new Date("2026-11-22T05:00:00Z"),
};

// A receiver on loopback answers in milliseconds, but a worker's first request on a busy
// machine took over 300 ms: deliveries that should arrive get the product's default
// timeout, and only the tests of the timeout itself set their own.
const notifier = (config: Partial<NotifierConfig>) => createNotifier({ publicUrl: "https://vigil.test", ...config }, { log });
const logged = () => JSON.stringify(logLines);

describe("createNotifier", () => {
  it("says whether any sink is configured, so callers can skip building events nobody receives", () => {
    expect(notifier({}).enabled).toBe(false);
    expect(notifier({ slackWebhookUrl: `${base}${SECRET_PATH}` }).enabled).toBe(true);
    expect(notifier({ webhookUrl: `${base}/hook` }).enabled).toBe(true);
  });

  it("posts a Block Kit message to Slack", async () => {
    await notifier({ slackWebhookUrl: `${base}${SECRET_PATH}` }).notify(event);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.path).toBe(SECRET_PATH);
    expect(request!.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(request!.body);
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(["header", "section", "actions", "context"]);
    expect(body.text).toContain("HighErrorRate &lt;!channel&gt;");
    expect(body.text).not.toContain("<!channel>");
    expect(body.blocks[2].elements[0].url).toBe("https://vigil.test/incidents/inc_1");
    expect(logLines).toContainEqual(expect.objectContaining({ msg: "notification sent", sink: "slack", status: 200 }));
  });

  it("posts a signed JSON event to the webhook that a receiver can verify", async () => {
    await notifier({ webhookUrl: `${base}/hooks/vigil`, webhookSecret: "whsec-test" }).notify(event);
    const [request] = received;
    const body = JSON.parse(request!.body);
    expect(body).toEqual({
      type: "rca.ready",
      occurredAt: "2026-11-22T05:00:00.000Z",
      incident: { ...event.incident, url: "https://vigil.test/incidents/inc_1" },
      rootCause: "bad_deploy",
      confidence: 0.9,
      summary: "cart 1.4 fails on start",
      engine: "rules",
    });
    const header = request!.headers["x-vigil-signature"] as string;
    expect(header).toBe(`sha256=${createHmac("sha256", "whsec-test").update(request!.body).digest("hex")}`);
    expect(verifySignature("whsec-test", request!.body, header)).toBe(true);
    expect(verifySignature("whsec-test", request!.body.replace("bad_deploy", "oom"), header)).toBe(false);
    expect(verifySignature("other-secret", request!.body, header)).toBe(false);
    expect(verifySignature("whsec-test", request!.body, undefined)).toBe(false);
    expect(request!.headers["x-vigil-event"]).toBe("rca.ready");
  });

  it("sends no signature without a secret, and both sinks when both are set", async () => {
    await notifier({ webhookUrl: `${base}/hooks/vigil`, slackWebhookUrl: `${base}${SECRET_PATH}` }).notify(event);
    expect(received.map((r) => r.path).sort()).toEqual([SECRET_PATH, "/hooks/vigil"].sort());
    expect(received.find((r) => r.path === "/hooks/vigil")!.headers["x-vigil-signature"]).toBeUndefined();
  });

  it("logs a 500 with the host and status, not the secret path, and does not throw", async () => {
    await expect(notifier({ slackWebhookUrl: `${base}/fail${SECRET_PATH}` }).notify(event)).resolves.toBeUndefined();
    const line = logLines.find((l) => l.msg === "notification refused");
    expect(line).toMatchObject({
      level: 40,
      sink: "slack",
      host: new URL(base).host,
      status: 500,
      detail: "invalid_blocks",
      incidentId: "inc_1",
    });
    expect(logged()).not.toContain("s3cr3tXYZ");
  });

  it("returns within the timeout when the receivers hang", async () => {
    // The receivers never answer, so returning at all is the timeout's doing. The sinks wait in
    // parallel: one after the other, the second request would only go out once the first had
    // timed out; here both have arrived by then.
    let arrivedByFirstTimeout: number | null = null;
    const timingLog = pino(
      { level: "debug" },
      {
        write: (line: string) => {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (entry.msg === "notification timed out") arrivedByFirstTimeout ??= received.length;
          logLines.push(entry);
        },
      },
    );
    const started = performance.now();
    await createNotifier(
      { publicUrl: "https://vigil.test", slackWebhookUrl: `${base}/hang${SECRET_PATH}`, webhookUrl: `${base}/hang/hook`, timeoutMs: 1_000 },
      { log: timingLog },
    ).notify(event);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950); // timers never fire early (but for rounding)
    expect(arrivedByFirstTimeout).toBe(2);
    expect(logLines.filter((l) => l.msg === "notification timed out")).toHaveLength(2);
    expect(logged()).not.toContain("s3cr3tXYZ");
  });

  it("does not throw when the receiver refuses the connection", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(notifier({ slackWebhookUrl: `http://127.0.0.1:${port}${SECRET_PATH}` }).notify(event)).resolves.toBeUndefined();
    expect(logLines.find((l) => l.msg === "notification failed")).toMatchObject({
      host: `127.0.0.1:${port}`,
      err: expect.stringContaining("ECONNREFUSED"),
    });
    expect(logged()).not.toContain("s3cr3tXYZ");
  });

  it("keeps the URL out of error messages that quote it", async () => {
    await notifier({ slackWebhookUrl: `not a url${SECRET_PATH}` }).notify(event);
    expect(logLines.find((l) => l.msg === "notification failed")).toMatchObject({ host: "(invalid url)" });
    expect(logged()).not.toContain("s3cr3tXYZ");
  });

  it("returns within the timeout even if fetch ignores its abort signal", async () => {
    const stuck = vi.fn(() => new Promise<Response>(() => undefined));
    const started = performance.now();
    await createNotifier(
      { publicUrl: "https://vigil.test", slackWebhookUrl: `${base}${SECRET_PATH}`, timeoutMs: 100 },
      { fetch: stuck, log },
    ).notify(event);
    // This fetch never settles: without the deadline notify() would never return at all.
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(stuck).toHaveBeenCalledOnce();
  });

  it("is a no-op with nothing configured", async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    await createNotifier({ publicUrl: "https://vigil.test" }, { fetch: fetchSpy, log }).notify(event);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
