// Prisma CLI configuration: the JavaScript schema engine over adapter-pg, so every
// migrate command works offline (no native engine download). See TOOLCHAIN.md.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { cliAdapter } from "./lib/db/cli-adapter";

// The CLI reads this file directly, so it cannot go through lib/env (which needs the
// app's full configuration). A placeholder URL keeps `prisma generate` offline: without
// a resolvable URL the CLI falls back to downloading a native engine.
process.env.DATABASE_URL ??= "postgresql://vigil@127.0.0.1:5432/vigil";
const url = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => cliAdapter(url),
});
