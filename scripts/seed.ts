// npm run db:seed [-- --force] — fills a development database: a responder and a viewer
// (password "vigil-demo") and the demo's example incidents. Refuses a database that is
// not on this machine unless --force, so it never seeds production by accident.
import { env } from "@/lib/env";
import { createDb } from "@/lib/db/client";
import { createUser } from "@/lib/auth/users";
import { ingestAlertmanagerPayload } from "@/lib/alerts/ingest";
import { webhookPayloadSchema } from "@/lib/alerts/schema";
import { demoScenarioIds } from "@/lib/demo/world";
import { loadScenario, publicScenariosDir } from "@/lib/scenarios/load";
import { shiftScenario } from "@/lib/scenarios/shift";
import path from "node:path";
import { VigilError } from "@/lib/errors";
import { parseArgs } from "./args";

const args = parseArgs(process.argv.slice(2));
if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set.");
  process.exit(2);
}
const host = new URL(env.DATABASE_URL).hostname;
if (!["localhost", "127.0.0.1", "::1"].includes(host) && !args.has("force")) {
  console.error(`refusing to seed ${host}: not a local database (pass --force if you mean it)`);
  process.exit(2);
}

const { db, pool } = createDb(env.DATABASE_URL, 2);
try {
  for (const role of ["responder", "viewer"] as const) {
    try {
      await createUser(db, { email: `${role}@vigil.local`, password: "vigil-demo", role, name: role }, { type: "system", id: "seed" });
      console.log(`created ${role}@vigil.local / vigil-demo`);
    } catch (err) {
      if (!(err instanceof VigilError && err.code === "conflict")) throw err;
    }
  }
  for (const id of demoScenarioIds) {
    const scenario = shiftScenario(loadScenario(path.join(publicScenariosDir, `${id}.json`)), new Date());
    const result = await ingestAlertmanagerPayload(db, webhookPayloadSchema.parse(scenario.alertmanager));
    console.log(`${scenario.title}: incident INC-${result.incident?.number} (${result.stored} new alerts)`);
  }
} finally {
  await db.$disconnect();
  await pool.end();
}
