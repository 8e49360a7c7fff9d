// Exporting the chain's head against a real database, a real file and a real HTTP receiver:
// the head goes to the file, the warn log line under its fixed key and the webhook (with its
// bearer token), then the export is recorded after it; an output that fails does not stop
// the others; a broken chain is not exported anywhere.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { rewriteAuditData } from "@/lib/testing/audit";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { checkpointKey } from "@/lib/audit/checkpoint";
import { exportAuditHead, HEAD_LOG_KEY, type HeadOutputs } from "@/lib/audit/head";
import { log } from "@/lib/log";

const TOKEN = "head-webhook-token-s3cr3t";
type Received = { headers: IncomingMessage["headers"]; body: string };

let t: TestDb;
let dir: string;
let server: Server;
let webhook: string;
let received: Received[] = [];

beforeAll(async () => {
  t = await openTestDb();
  dir = await mkdtemp(path.join(tmpdir(), "vigil-head-"));
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(req.url === "/fail" ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  webhook = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  vi.restoreAllMocks();
  received = [];
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await rm(dir, { recursive: true, force: true });
  await t?.close();
});

const system = { type: "system", id: null } as const;

async function appendOne(): Promise<bigint> {
  const target = unique("head");
  await t.db.$transaction((tx) =>
    appendAudit(prismaSql(tx), [{ action: "incident.state_changed", actorType: "system", targetId: target, data: { to: "resolved" } }]),
  );
  return (await t.db.auditEvent.findFirstOrThrow({ where: { targetId: target } })).seq;
}

function outputs(over: Partial<HeadOutputs> = {}): HeadOutputs {
  return {
    file: path.join(dir, unique("nested"), "audit-heads.jsonl"),
    webhook: { url: `${webhook}/heads`, token: TOKEN },
    instance: "vigil-0",
    ...over,
  };
}

const lines = async (file: string) => (await readFile(file, "utf8")).split("\n").filter(Boolean);
/** Everything logged at warn and error, as one string: where a leaked token would show. */
const logged = (...spies: ReturnType<typeof vi.spyOn>[]) => JSON.stringify(spies.flatMap((s) => s.mock.calls));

describe("exportAuditHead", () => {
  it("writes the head to the file, the log and the webhook, then records the export after it", async () => {
    const warn = vi.spyOn(log, "warn");
    const error = vi.spyOn(log, "error");
    const seq = await appendOne();
    const newest = await t.db.auditEvent.findUniqueOrThrow({ where: { seq } });
    const events = await t.db.auditEvent.count();
    const to = outputs();
    const exported = await exportAuditHead(t.db, { by: system, key: checkpointKey(unique("secret")), outputs: to });

    const head = { seq: seq.toString(), hash: newest.hash, events, at: expect.any(String), instance: "vigil-0" };
    expect(exported).toMatchObject({ ok: true, head, outputs: { file: "written", log: "written", webhook: "written" } });
    if (!exported.ok) throw new Error("not exported");
    // One JSON line, in a folder the export created.
    expect((await lines(to.file!)).map((l) => JSON.parse(l))).toEqual([exported.head]);
    expect(warn).toHaveBeenCalledWith({ [HEAD_LOG_KEY]: exported.head }, "audit chain head");
    expect(received).toHaveLength(1);
    expect(received[0]!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, "content-type": "application/json" });
    expect(JSON.parse(received[0]!.body)).toEqual({ [HEAD_LOG_KEY]: exported.head });

    // The export record follows the exported head: it is not (and could not be) the head it exported.
    const record = await t.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(record).toMatchObject({
      action: "audit.head_exported",
      actorType: "system",
      targetType: "AuditEvent",
      targetId: seq.toString(),
      prevHash: newest.hash,
      data: { seq: seq.toString(), hash: newest.hash, events, outputs: { file: "written", log: "written", webhook: "written" } },
    });
    expect(error).not.toHaveBeenCalled();
    expect(logged(warn, error)).not.toContain(TOKEN);
  });

  it("still logs and posts when the file cannot be written, and reports which outputs failed", async () => {
    const warn = vi.spyOn(log, "warn");
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    await appendOne();
    // A file where its folder should be: the write fails, the other outputs go on.
    const blocker = path.join(dir, unique("blocker"));
    await writeFile(blocker, "not a folder");
    const file = path.join(blocker, "audit-heads.jsonl");
    const exported = await exportAuditHead(t.db, {
      by: system,
      key: null,
      outputs: outputs({ file, webhook: { url: `${webhook}/fail`, token: TOKEN } }),
    });
    expect(exported).toMatchObject({ ok: true, outputs: { file: "failed", log: "written", webhook: "failed" } });
    expect(warn).toHaveBeenCalledWith({ [HEAD_LOG_KEY]: expect.objectContaining({ seq: expect.any(String) }) }, "audit chain head");
    expect(received).toHaveLength(1);
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ file }), "could not write the audit chain head to its file");
    expect(error).toHaveBeenCalledWith({ origin: webhook, status: 500 }, "the audit chain head's webhook refused it");
    expect(logged(warn, error)).not.toContain(TOKEN);
    const record = await t.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(record).toMatchObject({
      action: "audit.head_exported",
      data: { outputs: { file: "failed", log: "written", webhook: "failed" } },
    });
  });

  it("exports nothing from a broken chain", async () => {
    const key = checkpointKey(unique("secret"));
    const to = outputs();
    expect((await exportAuditHead(t.db, { by: system, key, outputs: to })).ok).toBe(true);
    const edited = await appendOne();
    await appendOne();
    await rewriteAuditData(t.db, edited, { to: "closed" });
    const warn = vi.spyOn(log, "warn");
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    received = [];
    try {
      const before = await t.db.auditEvent.count();
      const exported = await exportAuditHead(t.db, { by: system, key, outputs: to });
      expect(exported).toMatchObject({
        ok: false,
        reason: `the chain is broken at event #${edited}: event content does not match its hash`,
        verification: { ok: false, brokenAt: edited.toString() },
      });
      expect(await lines(to.file!)).toHaveLength(1);
      expect(warn).not.toHaveBeenCalledWith(expect.objectContaining({ [HEAD_LOG_KEY]: expect.anything() }), expect.anything());
      expect(received).toEqual([]);
      expect(await t.db.auditEvent.count()).toBe(before);
      expect(error).toHaveBeenCalledWith({ reason: exported.ok ? null : exported.reason }, "audit chain head not exported");
    } finally {
      await rewriteAuditData(t.db, edited, { to: "resolved" });
    }
  });
});
