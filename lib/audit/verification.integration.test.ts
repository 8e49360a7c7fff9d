// Checkpointed verification against a real database: the incremental check starts at the
// newest checkpoint and still catches any change after it, including to the checkpointed
// event; full verification catches changes anywhere, even a history hashed afresh; a
// checkpoint written without the key is not trusted; concurrent checks only move it forward.
// Each test signs with a key of its own, so its checkpoints are its own in the shared
// embedded database, and it puts back any history it rewrote.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";
import { rewriteAuditData } from "@/lib/testing/audit";
import { appendAudit } from "@/lib/audit/append";
import { prismaSql } from "@/lib/db/sql";
import { checkpointKey, latestCheckpoint, recordCheckpoint, type VerifyMode } from "@/lib/audit/checkpoint";
import { verifyAuditTrail } from "@/lib/audit/verification";
import { verifyAuditChain } from "@/lib/audit/verify";
import { deleteAuditEvent, rewriteAuditHistory } from "@/lib/testing/audit-tampering";

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
});
afterAll(async () => {
  await t?.close();
});

const system = { type: "system", id: null } as const;
const newKey = () => checkpointKey(unique("server-secret"));
const verify = (key: ReturnType<typeof newKey>, mode: VerifyMode = "incremental") => verifyAuditTrail(t.db, { mode, by: system, key });

/** Appends one event per step, in one transaction; returns their seqs in order. */
async function append(...steps: string[]): Promise<bigint[]> {
  const marker = unique("verification");
  await t.db.$transaction((tx) =>
    appendAudit(
      prismaSql(tx),
      steps.map((step) => ({
        action: "incident.state_changed" as const,
        actorType: "system" as const,
        targetId: `${marker}-${step}`,
        data: { step },
      })),
    ),
  );
  const rows = await t.db.auditEvent.findMany({
    where: { targetId: { startsWith: marker } },
    orderBy: { seq: "asc" },
    select: { seq: true },
  });
  return rows.map((r) => r.seq);
}

const eventsBefore = (seq: bigint) => t.db.auditEvent.count({ where: { seq: { lt: seq } } });

describe("checkpointed audit verification", () => {
  it("records a checkpoint at the head and moves it forward as events are appended", async () => {
    const key = newKey();
    await append("a");
    const first = await verify(key);
    expect(first).toMatchObject({ ok: true, mode: "incremental", checkpoints: true, from: null, checked: await t.db.auditEvent.count() });
    expect(first.recorded).toMatchObject({ seq: (first as { headSeq: string }).headSeq, events: first.checked, verifiedBy: "system" });

    const [, c] = await append("b", "c");
    const second = await verify(key);
    // The checkpointed event again, then the two new ones: not the whole chain.
    expect(second).toMatchObject({ ok: true, recomputed: 3, checked: first.checked + 2, headSeq: c!.toString() });
    expect(second.from).toEqual(first.recorded);
    expect(second.recorded).toMatchObject({ seq: c!.toString(), events: first.checked + 2, mode: "incremental" });

    const third = await verify(key);
    expect(third).toMatchObject({ ok: true, recomputed: 1, checked: second.checked, recorded: null, from: second.recorded });
    expect(await t.db.auditCheckpoint.count({ where: { keyId: key.id } })).toBe(2);
  });

  it("detects an event edited after the checkpoint", async () => {
    const key = newKey();
    await append("before");
    expect((await verify(key)).ok).toBe(true);
    const [, b] = await append("a", "b", "c");
    await rewriteAuditData(t.db, b!, { step: "edited" });
    try {
      const verdict = await verify(key);
      expect(verdict).toMatchObject({ ok: false, brokenAt: b!.toString(), reason: "event content does not match its hash", recomputed: 2 });
      expect(verdict.checked).toBe(await eventsBefore(b!));
      expect(verdict.recorded).toBeNull();
    } finally {
      await rewriteAuditData(t.db, b!, { step: "b" });
    }
    expect((await verify(key)).ok).toBe(true);
  });

  it("detects the checkpointed event edited, rewritten with a fresh hash, or deleted", async () => {
    const key = newKey();
    const [x] = await append("x");
    const checkpoint = await verify(key);
    expect(checkpoint.recorded?.seq).toBe(x!.toString());

    await rewriteAuditData(t.db, x!, { step: "edited" });
    try {
      expect(await verify(key)).toMatchObject({ ok: false, brokenAt: x!.toString(), reason: "event content does not match its hash" });
    } finally {
      await rewriteAuditData(t.db, x!, { step: "x" });
    }

    // Every link of the rewritten chain matches: the walk alone cannot tell.
    const restore = await rewriteAuditHistory(t.db, x!, { step: "forged" });
    try {
      expect((await verifyAuditChain(t.db)).ok).toBe(true);
      for (const mode of ["incremental", "full"] as const) {
        expect(await verify(key, mode)).toMatchObject({
          ok: false,
          brokenAt: x!.toString(),
          reason: "event no longer has the hash its checkpoint recorded",
          recorded: null,
        });
      }
    } finally {
      await restore();
    }

    const reinsert = await deleteAuditEvent(t.db, x!);
    try {
      for (const mode of ["incremental", "full"] as const) {
        expect(await verify(key, mode)).toMatchObject({
          ok: false,
          brokenAt: x!.toString(),
          reason: `the checkpointed event #${x} is missing`,
          event: null,
        });
      }
    } finally {
      await reinsert();
    }
    expect(await verify(key)).toMatchObject({ ok: true, recomputed: 1 });
  });

  it("finds an event edited before the checkpoint only in full verification", async () => {
    const key = newKey();
    const [p] = await append("p", "q");
    const checkpoint = await verify(key);
    expect(checkpoint.ok).toBe(true);
    await rewriteAuditData(t.db, p!, { step: "edited" });
    try {
      // The checkpoint vouches for the events up to it: the incremental check reads none of them.
      expect(await verify(key)).toMatchObject({ ok: true, checked: checkpoint.checked, recomputed: 1 });
      const full = await verify(key, "full");
      expect(full).toMatchObject({ ok: false, mode: "full", brokenAt: p!.toString(), reason: "event content does not match its hash" });
      expect(full.checked).toBe(await eventsBefore(p!));
    } finally {
      await rewriteAuditData(t.db, p!, { step: "p" });
    }
    expect(await verify(key, "full")).toMatchObject({ ok: true, mode: "full", recomputed: checkpoint.checked });
  });

  it("does not trust a checkpoint written without the key", async () => {
    const key = newKey();
    await append("a");
    const genuine = await verify(key);
    const [b, c] = await append("b", "c");
    const head = await t.db.auditEvent.findUniqueOrThrow({ where: { seq: c! } });
    await rewriteAuditData(t.db, b!, { step: "edited" });
    // A checkpoint past the edit would hide it from the incremental check, if it were believed.
    const forgery = {
      seq: c!,
      hash: head.hash,
      events: genuine.checked + 2,
      mode: "full" as const,
      actorType: "user",
      actorId: null,
      verifiedAt: new Date(),
    };
    try {
      // Claiming the server's key, signed with another: reported, in either mode.
      await recordCheckpoint(t.db, { id: key.id, secret: newKey().secret }, forgery);
      expect(await latestCheckpoint(t.db, key)).toMatchObject({ checkpoint: null, forged: { seq: c! } });
      for (const mode of ["incremental", "full"] as const) {
        expect(await verify(key, mode)).toMatchObject({
          ok: false,
          brokenAt: c!.toString(),
          reason: `the checkpoint at event #${c} is not signed by this server: it was written outside Vigil`,
        });
      }
      await t.db.auditCheckpoint.deleteMany({ where: { keyId: key.id, seq: c! } });

      // Signed with a key of its own: someone else's checkpoint, never a starting point.
      await recordCheckpoint(t.db, newKey(), forgery);
      const verdict = await verify(key);
      expect(verdict).toMatchObject({ ok: false, brokenAt: b!.toString(), reason: "event content does not match its hash" });
      expect(verdict.from).toEqual(genuine.recorded);
    } finally {
      await rewriteAuditData(t.db, b!, { step: "b" });
    }
  });

  it("only moves the checkpoint forward when checks run at once", async () => {
    const key = newKey();
    const verdicts = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        await append(`concurrent-${i}`);
        return verify(key, i % 3 === 0 ? "full" : "incremental");
      }),
    );
    expect(verdicts.every((v) => v.ok)).toBe(true);
    const rows = await t.db.auditCheckpoint.findMany({ where: { keyId: key.id }, orderBy: { id: "asc" } });
    expect(rows.length).toBeGreaterThan(0);
    // In the order they were written, every checkpoint is past the one before it.
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.seq).toBeGreaterThan(rows[i - 1]!.seq);
    expect((await verify(key)).ok).toBe(true);
    const head = await t.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect((await latestCheckpoint(t.db, key)).checkpoint).toMatchObject({ seq: head.seq, hash: head.hash });

    // A check that finishes behind the newest checkpoint leaves it where it is.
    const newest = (await latestCheckpoint(t.db, key)).checkpoint!;
    expect(await recordCheckpoint(t.db, key, { ...newest, seq: newest.seq - 1n, verifiedAt: new Date() })).toBe(false);
    expect(await recordCheckpoint(t.db, key, { ...newest, verifiedAt: new Date() })).toBe(false);
    expect((await latestCheckpoint(t.db, key)).checkpoint).toEqual(newest);
  });

  it("walks the whole chain on every check without a key", async () => {
    await append("keyless");
    const verdict = await verifyAuditTrail(t.db, { mode: "incremental", by: system, key: null });
    expect(verdict).toMatchObject({ ok: true, mode: "full", checkpoints: false, from: null, recorded: null });
    expect(verdict.recomputed).toBe(await t.db.auditEvent.count());
  });
});
