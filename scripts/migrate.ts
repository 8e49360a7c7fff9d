// npm run db:migrate — apply the committed migrations (offline). With DATABASE_OWNER_URL, they
// run as that owner role, which then grants the runtime role of DATABASE_URL what the server
// needs and no more (lib/db/roles.ts); without it, as DATABASE_URL's role, which owns everything.
// The manifests' init container runs this file too, bundled (scripts/bundle-migrator.ts).
import { env } from "@/lib/env";
import { migrateDeploy } from "@/lib/db/migrate";
import { provisionRuntimeRole, roleOf, separateRoles } from "@/lib/db/roles";

const runtimeUrl = env.DATABASE_URL;
if (!runtimeUrl) {
  console.error("DATABASE_URL is not set. (`npm start` and `npm run demo` migrate their embedded database themselves.)");
  process.exit(2);
}
const ownerUrl = env.DATABASE_OWNER_URL;
await migrateDeploy(ownerUrl ?? runtimeUrl);
if (separateRoles(runtimeUrl, ownerUrl)) {
  await provisionRuntimeRole(ownerUrl, runtimeUrl);
  console.log(`Granted the runtime role "${roleOf(runtimeUrl)}" its privileges (the audit trail: read and append only).`);
} else {
  console.log(
    "One database role: it owns the audit table, so it could rewrite it. Set DATABASE_OWNER_URL to run the server as a runtime role.",
  );
}
