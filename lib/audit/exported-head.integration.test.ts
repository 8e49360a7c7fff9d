// Issue 14's attack against a real database: the database's owner disables the append-only
// triggers, rewrites an event, hashes every later event afresh so all links match, and
// deletes the checkpoints. The walk then finds nothing wrong; the head exported before the
// rewrite (from the head file, or given by hand) still exposes it, and a trail cut back
// behind that head. A head file that cannot be read is reported, not a crash.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { appendAudit } from "@/lib/audit/append";
import { eventHash } from "@/lib/audit/chain";
import { prismaSql } from "@/lib/db/sql";
import { checkpointKey } from "@/lib/audit/checkpoint";
import { exportAuditHead, type AuditHead } from "@/lib/audit/head";
import { expectedHead, readLastHead } from "@/lib/audit/head-file";
import { verifyAuditTrail } from "@/lib/audit/verification";
import { verifyAuditChain } from "@/lib/audit/verify";
import type { AuditEvent } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";

let t: TestDb;
let dir: string;
beforeAll(async () => {
  t = await openTestDb();
  dir = await mkdtemp(path.join(tmpdir(), "vigil-exported-head-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await t?.close();
});

const system = { type: "system", id: null } as const;
const key = checkpointKey(unique("secret"));

async function appendTwo(): Promise<bigint> {
  const target = unique("owner");
  await t.db.$transaction((tx) =>
    appendAudit(prismaSql(tx), [
      { action: "incident.state_changed", actorType: "system", targetId: target, data: { to: "resolved" } },
      { action: "incident.state_changed", actorType: "system", targetId: unique("after"), data: { to: "closed" } },
    ]),
  );
  return (await t.db.auditEvent.findFirstOrThrow({ where: { targetId: target } })).seq;
}

/** Exports the head to a file of its own; returns the file and the head. */
async function exportHead(): Promise<{ file: string; head: AuditHead }> {
  const file = path.join(dir, `${unique("heads")}.jsonl`);
  const exported = await exportAuditHead(t.db, { by: system, key, outputs: { file, webhook: null, instance: "test" } });
  if (!exported.ok) throw new Error(`not exported: ${exported.reason}`);
  return { file, head: exported.head };
}

/** What the owner can do: work with every user trigger of the table off, in one transaction. */
async function asOwner(work: (sql: ReturnType<typeof prismaSql>) => Promise<void>): Promise<void> {
  await t.db.$transaction(async (tx) => {
    const sql = prismaSql(tx);
    await sql.run(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
    await work(sql);
    await sql.run(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
  });
}

async function putBack(rows: AuditEvent[]): Promise<void> {
  await asOwner(async (sql) => {
    for (const r of rows)
      await sql.run(`UPDATE "AuditEvent" SET data = $1::jsonb, "prevHash" = $2, hash = $3 WHERE seq = $4::bigint`, [
        JSON.stringify(r.data),
        r.prevHash,
        r.hash,
        r.seq.toString(),
      ]);
  });
}

/** Rewrites event `seq`'s data, hashes it and every later event afresh, and deletes the checkpoints. */
async function rewriteAsOwner(seq: bigint): Promise<() => Promise<void>> {
  const originals = await t.db.auditEvent.findMany({ where: { seq: { gte: seq } }, orderBy: { seq: "asc" } });
  let prevHash = originals[0]!.prevHash;
  const forged = originals.map((e) => {
    const next = { ...e, data: e.seq === seq ? { to: "forged" } : e.data, prevHash };
    next.hash = eventHash(prevHash, next);
    prevHash = next.hash;
    return next;
  });
  await putBack(forged);
  await t.db.auditCheckpoint.deleteMany({});
  return () => putBack(originals);
}

describe("verification against an exported head", () => {
  it("detects a chain the owner rewrote and hashed afresh, with the checkpoints deleted", async () => {
    const edited = await appendTwo();
    const { file, head } = await exportHead();
    expect(BigInt(head.seq)).toBeGreaterThan(edited);
    const restore = await rewriteAsOwner(edited);
    try {
      // Every link matches and no checkpoint is left to contradict it.
      expect(await t.db.auditCheckpoint.count()).toBe(0);
      expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
      expect(await verifyAuditTrail(t.db, { mode: "full", by: system, key: null })).toMatchObject({ ok: true, exportedHead: null });

      const broken = {
        ok: false,
        brokenAt: head.seq,
        reason: "event no longer has the hash its exported head recorded",
        event: { seq: head.seq },
        recorded: null,
      };
      const fromFile = await verifyAuditTrail(t.db, { mode: "incremental", by: system, key, head: await readLastHead(file) });
      expect(fromFile).toMatchObject({
        ...broken,
        exportedHead: { seq: head.seq, hash: head.hash, source: "file", exportedAt: head.at, ok: false },
      });
      const given = await expectedHead({ seq: head.seq, hash: head.hash });
      expect(await verifyAuditTrail(t.db, { mode: "full", by: system, key, head: given })).toMatchObject({
        ...broken,
        exportedHead: { source: "given", ok: false },
      });
      // No checkpoint vouches for the forgery, and it is not anchored afresh.
      expect(await t.db.auditCheckpoint.count()).toBe(0);
      vi.spyOn(log, "error").mockImplementation(() => undefined);
      const again = await exportAuditHead(t.db, { by: system, key, outputs: { file, webhook: null, instance: "test" } });
      expect(again).toMatchObject({ ok: false, reason: `the chain is broken at event #${head.seq}: ${broken.reason}` });
      expect(await readLastHead(file)).toMatchObject({ seq: BigInt(head.seq), hash: head.hash });
    } finally {
      await restore();
      vi.restoreAllMocks();
    }
    const intact = await verifyAuditTrail(t.db, {
      mode: "full",
      by: system,
      key,
      head: { source: "given", seq: BigInt(head.seq), hash: head.hash },
    });
    expect(intact).toMatchObject({ ok: true, exportedHead: { ok: true } });
  });

  it("detects a trail cut back to before the exported head", async () => {
    await appendTwo();
    const { file, head } = await exportHead();
    const tail = await t.db.auditEvent.findMany({ where: { seq: { gte: BigInt(head.seq) } }, orderBy: { seq: "asc" } });
    await asOwner((sql) => sql.run(`DELETE FROM "AuditEvent" WHERE seq >= $1::bigint`, [head.seq]).then(() => undefined));
    await t.db.auditCheckpoint.deleteMany({});
    try {
      expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
      expect(await verifyAuditTrail(t.db, { mode: "incremental", by: system, key, head: await readLastHead(file) })).toMatchObject({
        ok: false,
        brokenAt: head.seq,
        reason: `the exported head, event #${head.seq}, is missing: the trail was cut back, or this is not the database it was exported from`,
        event: null,
        exportedHead: { seq: head.seq, source: "file", ok: false },
      });
    } finally {
      for (const { data, ...row } of tail) await t.db.auditEvent.create({ data: { ...row, data: data ?? {} } });
    }
    expect(await verifyAuditTrail(t.db, { mode: "incremental", by: system, key, head: await readLastHead(file) })).toMatchObject({
      ok: true,
    });
  });

  it("reports a head file it cannot read, and does not export past it", async () => {
    const garbled = path.join(dir, "garbled.jsonl");
    await writeFile(garbled, `{"seq":"1","hash":"${"a".repeat(64)}"}\n{"seq":"2","ha`);
    expect(await readLastHead(path.join(dir, "absent.jsonl"))).toBeNull();
    for (const [file, reason] of [
      [garbled, `the last line of ${garbled} is not an exported head (seq and hash): fix or move the file`],
      [dir, expect.stringMatching(/^could not read the head file .*EISDIR/)],
    ] as const) {
      const verdict = await verifyAuditTrail(t.db, { mode: "incremental", by: system, key, head: await readLastHead(file) });
      // No evidence against the chain, but shown.
      expect(verdict).toMatchObject({ ok: true, exportedHead: { seq: null, hash: null, source: "file", ok: false, reason } });
    }
    vi.spyOn(log, "error").mockImplementation(() => undefined);
    try {
      const exported = await exportAuditHead(t.db, { by: system, key, outputs: { file: garbled, webhook: null, instance: "test" } });
      expect(exported).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^the last exported head cannot be checked: the last line/),
      });
    } finally {
      vi.restoreAllMocks();
    }
  });
});
