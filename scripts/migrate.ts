// npm run db:migrate — apply the committed migrations to DATABASE_URL (offline).
import { env } from "@/lib/env";
import { migrateDeploy } from "@/lib/db/migrate";

if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set. (`npm start` and `npm run demo` migrate their embedded database themselves.)");
  process.exit(2);
}
await migrateDeploy(env.DATABASE_URL);
