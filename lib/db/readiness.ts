// Readiness: the database answers and every committed migration has been applied.
import "server-only";
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db/client";

function committedMigrations(): string[] {
  const dir = path.join(process.cwd(), "prisma", "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export type Readiness = { ready: boolean; database: "ok" | "unreachable"; pendingMigrations: string[]; error?: string };

export async function checkReadiness(db: Db): Promise<Readiness> {
  try {
    const applied = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const done = new Set(applied.map((r) => r.migration_name));
    const pendingMigrations = committedMigrations().filter((m) => !done.has(m));
    return { ready: pendingMigrations.length === 0, database: "ok", pendingMigrations };
  } catch (err) {
    const message = (err as Error).message;
    // A reachable database without the migrations table is simply not migrated yet.
    if (/_prisma_migrations.*does not exist|relation .* does not exist/i.test(message)) {
      return { ready: false, database: "ok", pendingMigrations: committedMigrations() };
    }
    return { ready: false, database: "unreachable", pendingMigrations: [], error: message.split("\n")[0] };
  }
}
