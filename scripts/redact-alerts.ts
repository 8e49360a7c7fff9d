// npm run db:redact-alerts — once, after upgrading from a Vigil that stored alerts as they
// arrived: redacts the secrets in alerts and incidents already stored (lib/alerts/redact-stored.ts).
import { env } from "@/lib/env";
import { createDb } from "@/lib/db/client";
import { redactStoredAlerts } from "@/lib/alerts/redact-stored";

if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set: point it at Vigil's database.");
  process.exit(2);
}
const { db, pool } = createDb(env.DATABASE_URL, 2);
try {
  const { alerts, incidents } = await redactStoredAlerts(db);
  console.log(`Redacted ${alerts} stored alert(s) and ${incidents} incident(s); the rest held no secret.`);
} finally {
  await db.$disconnect();
  await pool.end();
}
