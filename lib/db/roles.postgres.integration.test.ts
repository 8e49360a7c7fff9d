// The two database roles on a real PostgreSQL (roles are the server's, not the embedded one's):
// a plain owner role migrates a database it owns and grants a runtime role; the runtime role
// then does what the server does (app rows, the audit append, the job queue) and is refused
// every way of rewriting the audit trail the pentest used or could have used.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { migrateDeploy } from "@/lib/db/migrate";
import { auditProtection, provisionRuntimeRole, separateRoles } from "@/lib/db/roles";
import { createDb } from "@/lib/db/client";
import { sqlTransaction } from "@/lib/db/sql";
import { appendAudit } from "@/lib/audit/append";
import { verifyAuditChain } from "@/lib/audit/verify";
import { startBoss, stopBoss } from "@/lib/jobs/boss";
import { withDatabase } from "@/lib/testing/global-setup";

const config = inject("testDb");
const suffix = randomBytes(4).toString("hex");
const owner = `vigil_owner_${suffix}`;
const runtime = `vigil_runtime_${suffix}`;
const database = `vigil_roles_${suffix}`;

function as(role: string): string {
  if (config.kind !== "postgres") throw new Error("needs a real PostgreSQL");
  const url = new URL(withDatabase(config.serverUrl, database));
  url.username = role;
  url.password = role;
  return url.toString();
}

async function query(url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** The PostgreSQL error code a statement fails with, or "ok". */
async function outcome(url: string, sql: string): Promise<string> {
  return query(url, sql).then(
    () => "ok",
    (err: { code?: string }) => err.code ?? "error",
  );
}

const superuser = () => (config.kind === "postgres" ? config.serverUrl : "");

beforeAll(async () => {
  await query(superuser(), `CREATE ROLE ${owner} LOGIN PASSWORD '${owner}'`);
  await query(superuser(), `CREATE ROLE ${runtime} LOGIN PASSWORD '${runtime}'`);
  await query(superuser(), `CREATE DATABASE ${database} OWNER ${owner}`);
  await migrateDeploy(as(owner), { quiet: true });
  await provisionRuntimeRole(as(owner), as(runtime));
}, 120_000);

afterAll(async () => {
  await query(superuser(), `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await query(superuser(), `DROP ROLE IF EXISTS ${runtime}`);
  await query(superuser(), `DROP ROLE IF EXISTS ${owner}`);
});

describe("the runtime role", () => {
  it("is refused every way of rewriting the audit trail", async () => {
    const { db, pool } = createDb(as(runtime), 1);
    try {
      await sqlTransaction(db, (sql) => appendAudit(sql, [{ action: "user.created", actorType: "system", data: { n: 1 } }]));
    } finally {
      await pool.end();
    }
    const url = as(runtime);
    // 42501: insufficient_privilege (for ALTER TABLE: "must be owner of table").
    expect(await outcome(url, `ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`)).toBe("42501");
    expect(await outcome(url, `ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`)).toBe("42501");
    expect(await outcome(url, `UPDATE "AuditEvent" SET data = '{}'`)).toBe("42501");
    expect(await outcome(url, `DELETE FROM "AuditEvent"`)).toBe("42501");
    expect(await outcome(url, `TRUNCATE "AuditEvent"`)).toBe("42501");
    expect(await outcome(url, `DROP TABLE "AuditEvent"`)).toBe("42501");
    expect(await outcome(url, `DROP TRIGGER "AuditEvent_no_update_delete" ON "AuditEvent"`)).toBe("42501");
    expect(await outcome(url, `DELETE FROM "AuditCheckpoint"`)).toBe("42501");
    expect(await outcome(url, `UPDATE "AuditCheckpoint" SET hash = ''`)).toBe("42501");
    expect(
      await outcome(
        url,
        `CREATE OR REPLACE FUNCTION vigil_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'`,
      ),
    ).toBe("42501");
    // Nor the step that chains staged events at commit: its trigger, its function, its table.
    expect(await outcome(url, `ALTER TABLE "AuditPending" DISABLE TRIGGER ALL`)).toBe("42501");
    expect(await outcome(url, `DROP TRIGGER "AuditPending_chain_at_commit" ON "AuditPending"`)).toBe("42501");
    expect(
      await outcome(
        url,
        `CREATE OR REPLACE FUNCTION vigil_audit_chain_pending() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'`,
      ),
    ).toBe("42501");
    expect(await outcome(url, `DROP TABLE "AuditPending"`)).toBe("42501");
    expect(await outcome(url, `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'x', 'x')`)).toBe("42501");
    expect(await outcome(url, `CREATE TABLE public.sneaky (id int)`)).toBe("42501");
    // The owner still could: the protection is the role, and the exported head (lib/audit) covers the owner.
    expect(await outcome(as(owner), `BEGIN; ALTER TABLE "AuditEvent" DISABLE TRIGGER USER; ROLLBACK`)).toBe("ok");
  });

  it("does the server's work: app rows, the audit append, the job queue", async () => {
    const { db, pool } = createDb(as(runtime), 2);
    try {
      const user = await db.user.create({ data: { email: `roles-${suffix}@vigil.test`, passwordHash: "x", role: "viewer" } });
      await db.user.update({ where: { id: user.id }, data: { role: "responder" } });
      await sqlTransaction(db, (sql) =>
        appendAudit(sql, [{ action: "user.role_changed", actorType: "system", targetType: "user", targetId: user.id }]),
      );
      await db.user.delete({ where: { id: user.id } });
      expect((await verifyAuditChain(db)).ok).toBe(true);
      const events = await db.auditEvent.count();
      expect(events).toBeGreaterThan(0);
    } finally {
      await db.$disconnect();
      await pool.end();
    }
    // pg-boss as the runtime role: its schema and queues exist (the owner made them); it only works them.
    const boss = await startBoss(as(runtime), { poolSize: 1 });
    try {
      const id = await boss.send("investigate", { incidentId: `roles-${suffix}`, traceId: "t" });
      expect(id).toBeTruthy();
      const [job] = await boss.fetch("investigate");
      expect(job?.id).toBe(id);
      await boss.complete("investigate", job!.id);
    } finally {
      await stopBoss(boss);
    }
    expect(await auditProtection(as(runtime))).toEqual({ role: runtime, protected: true, reason: null });
  });

  it("is granted a table a later migration adds, when provisioning runs again", async () => {
    await query(as(owner), `CREATE TABLE "LaterFeature" (id int PRIMARY KEY)`);
    expect(await outcome(as(runtime), `INSERT INTO "LaterFeature" VALUES (1)`)).toBe("42501");
    await provisionRuntimeRole(as(owner), as(runtime));
    expect(await outcome(as(runtime), `INSERT INTO "LaterFeature" VALUES (1)`)).toBe("ok");
  });
});

describe("provisioning", () => {
  it("says the owner (one role for everything) is not protected", async () => {
    const found = await auditProtection(as(owner));
    expect(found.protected).toBe(false);
    expect(found.reason).toMatch(/owns the audit table/);
  });

  it("refuses a runtime role that could undo it: a superuser", async () => {
    await expect(provisionRuntimeRole(as(owner), superuser())).rejects.toThrow(/superuser/);
  });

  it("has nothing to grant when both URLs sign in as one role", () => {
    expect(separateRoles(as(owner), as(owner))).toBe(false);
    expect(separateRoles(as(runtime), undefined)).toBe(false);
    expect(separateRoles(as(runtime), as(owner))).toBe(true);
  });
});
