// npm run user:create -- --email a@b.c --role responder [--name "A B"]
// Creates a user; the password is read from VIGIL_NEW_USER_PASSWORD or asked for on the
// terminal, never taken from the command line (it would land in shell history).
import { createInterface } from "node:readline/promises";
import { env } from "@/lib/env";
import { createDb } from "@/lib/db/client";
import { createUser } from "@/lib/auth/users";
import { isRole } from "@/lib/auth/roles";
import { VigilError } from "@/lib/errors";
import { parseArgs } from "./args";

const args = parseArgs(process.argv.slice(2));
const email = args.get("email");
const role = String(args.get("role") ?? "viewer");
if (typeof email !== "string" || !isRole(role)) {
  console.error("usage: npm run user:create -- --email EMAIL --role viewer|responder|admin [--name NAME]");
  process.exit(2);
}
if (!env.DATABASE_URL) {
  console.error("DATABASE_URL is not set: point it at Vigil's database.");
  process.exit(2);
}

async function readPassword(): Promise<string> {
  if (env.VIGIL_NEW_USER_PASSWORD) return env.VIGIL_NEW_USER_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const password = await rl.question("Password: ");
  rl.close();
  return password;
}

const { db, pool } = createDb(env.DATABASE_URL, 2);
try {
  const name = args.get("name");
  const user = await createUser(
    db,
    { email, role, password: await readPassword(), name: typeof name === "string" ? name : undefined },
    { type: "system", id: "cli" },
  );
  console.log(`created ${user.role} ${user.email}`);
} catch (err) {
  console.error(err instanceof VigilError ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await pool.end();
}
