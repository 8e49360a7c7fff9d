// Two database roles, so the server cannot rewrite its own audit trail. The owner role runs
// the migrations and owns every table (only an owner may ALTER TABLE … DISABLE TRIGGER); the
// runtime role, the one in DATABASE_URL, gets what the server does at run time and no more:
// reading and writing the app's rows, reading and appending to the audit trail through
// vigil_audit_append, and working the job queue. `provisionRuntimeRole` grants exactly that
// after every migration (`npm run db:migrate`, `npm start`, the manifests' init container),
// so a table added by a later migration is granted too. With one URL (the embedded and demo
// setups) there is one role and nothing to grant: `auditProtection` says so at startup.
import pg from "pg";
import { startBoss, stopBoss } from "@/lib/jobs/boss";

/** The tables the runtime role may only read and append to. ("AuditPending", where events wait
 * for their commit, is granted like the app's rows: the trigger that chains them at commit runs
 * as the server's role, and a row there never outlives its transaction.) */
const APPEND_ONLY = ['"AuditEvent"', '"AuditCheckpoint"'];
/** Prisma's record of applied migrations: the readiness check reads it, only the owner writes it. */
const MIGRATIONS = '"_prisma_migrations"';
const APPEND_FUNCTION = "vigil_audit_append(timestamp(3), text[], text[], text[], text[], text[], text[], text[], jsonb[], text[])";

/** The role a PostgreSQL URL signs in as. */
export function roleOf(databaseUrl: string): string {
  const user = decodeURIComponent(new URL(databaseUrl).username);
  if (!user) throw new Error("the database URL names no user: the role cannot be told");
  return user;
}

/** Whether an owner URL names another role than the server's: only then is there anything to grant. */
export function separateRoles(runtimeUrl: string, ownerUrl: string | undefined): ownerUrl is string {
  return ownerUrl !== undefined && roleOf(ownerUrl) !== roleOf(runtimeUrl);
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: "vigil-provision" });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function grants(runtime: string): string[] {
  return [
    `GRANT USAGE ON SCHEMA public TO ${runtime}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${runtime}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${runtime}`,
    // After the blanket grant: whatever an earlier grant gave, these end read-and-append only.
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${APPEND_ONLY.join(", ")} FROM ${runtime}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${MIGRATIONS} FROM ${runtime}`,
    // Functions are executable by PUBLIC unless revoked: only the server appends.
    `REVOKE EXECUTE ON FUNCTION ${APPEND_FUNCTION} FROM PUBLIC`,
    `GRANT EXECUTE ON FUNCTION ${APPEND_FUNCTION} TO ${runtime}`,
    // The job queue's schema: pg-boss's tables were created (below) by the owner; the server works them.
    `GRANT USAGE ON SCHEMA pgboss TO ${runtime}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO ${runtime}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pgboss TO ${runtime}`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO ${runtime}`,
  ];
}

/** Refuses a runtime role that could undo the protection whatever is granted: a superuser,
 * or the owner of an audit table (an owner keeps every right on its table). */
async function assertLimited(client: pg.Client, role: string): Promise<void> {
  const { rows } = await client.query<{ rolsuper: boolean; owns: string[] }>(
    `SELECT r.rolsuper, coalesce(array_agg(c.relname::text) FILTER (WHERE c.relname IS NOT NULL), '{}'::text[]) AS owns
       FROM pg_roles r
       LEFT JOIN pg_class c ON c.relowner = r.oid AND c.relnamespace = 'public'::regnamespace AND c.relname IN ('AuditEvent', 'AuditCheckpoint')
      WHERE r.rolname = $1 GROUP BY r.rolsuper`,
    [role],
  );
  const found = rows[0];
  if (!found) throw new Error(`the runtime role "${role}" does not exist: create it (CREATE ROLE … LOGIN PASSWORD …) before migrating`);
  if (found.rolsuper) throw new Error(`the runtime role "${role}" is a superuser: it could rewrite the audit trail whatever is granted`);
  if (found.owns.length)
    throw new Error(
      `the runtime role "${role}" owns ${found.owns.join(", ")}: migrate as the owner role (DATABASE_OWNER_URL) on a database it owns`,
    );
}

/**
 * Grants the runtime role of `runtimeUrl` its privileges, connected as the owner. Idempotent;
 * run after the migrations. The job queue's schema and queues are created here, as the owner,
 * so the server never needs to create tables.
 */
export async function provisionRuntimeRole(ownerUrl: string, runtimeUrl: string): Promise<void> {
  const runtime = roleOf(runtimeUrl);
  const boss = await startBoss(ownerUrl, { poolSize: 1 });
  await stopBoss(boss);
  await withClient(ownerUrl, async (client) => {
    await assertLimited(client, runtime);
    const quoted = client.escapeIdentifier(runtime);
    await client.query("BEGIN");
    try {
      // Several pods' init containers at once: concurrent GRANTs on one object fail ("tuple concurrently updated").
      await client.query("SELECT pg_advisory_xact_lock(7161616003)");
      for (const sql of grants(quoted)) await client.query(sql);
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK");
      throw err;
    }
  });
}

/** What the server's own role could do to the audit trail; logged at startup. */
export type AuditProtection = { role: string; protected: boolean; reason: string | null };

export async function auditProtection(runtimeUrl: string): Promise<AuditProtection> {
  return withClient(runtimeUrl, async (client) => {
    const { rows } = await client.query<{ role: string; rolsuper: boolean; owner: boolean; update: boolean }>(
      `SELECT current_user AS role, r.rolsuper,
              pg_has_role(current_user, c.relowner, 'USAGE') AS owner,
              has_table_privilege(current_user, c.oid, 'UPDATE') OR has_table_privilege(current_user, c.oid, 'DELETE')
                OR has_table_privilege(current_user, c.oid, 'TRUNCATE') AS update
         FROM pg_class c JOIN pg_roles r ON r.rolname = current_user
        WHERE c.oid = '"AuditEvent"'::regclass`,
    );
    const row = rows[0]!;
    const reason = row.rolsuper
      ? "the server's database role is a superuser"
      : row.owner
        ? "the server's database role owns the audit table, so it can switch off its append-only triggers"
        : row.update
          ? "the server's database role may update, delete or truncate audit events"
          : null;
    return { role: row.role, protected: reason === null, reason };
  });
}
