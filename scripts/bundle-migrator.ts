// tsx scripts/bundle-migrator.ts <out-dir> — run by the Dockerfile's build stage: lays out
// what the migration needs (the Prisma CLI and its dependencies, the config, the schema, the
// migrations, and `npm run db:migrate` itself compiled into migrate.mjs, which grants the
// runtime role after migrating: lib/db/roles.ts) in one folder, so the runtime image runs the
// migrate init container without the full node_modules. The dependency closure comes from
// `npm query` over the installed tree, so the versions are exactly the lockfile's.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";

/** What prisma.config.ts loads; the CLI's own dependencies follow from `prisma`. */
const roots = ["prisma", "@prisma/adapter-pg", "pg"];
/** An optional peer of the CLI that migrating never loads (~20 MB). */
const unneeded = new Set(["typescript"]);
/** Project files the migration reads, relative to the repository root. */
const files = ["prisma.config.ts", "lib/db/cli-adapter.ts", "prisma/schema.prisma", "prisma/migrations", "scripts/unref-timers.cjs"];

/** The command the migrate init container runs, from the bundle's folder: scripts/migrate.ts. */
export const migrateCommand = ["node", "migrate.mjs"];

/** scripts/migrate.ts and what it imports (pg, pg-boss, zod...) in one ES module. */
function compileMigrate(root: string, out: string): void {
  buildSync({
    entryPoints: [path.join(root, "scripts", "migrate.ts")],
    outfile: path.join(out, "migrate.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: path.join(root, "tsconfig.json"),
    // As the scripts run (`tsx --conditions=react-server`): "server-only" is then an empty module.
    conditions: ["react-server"],
    // pg's optional native binding, never installed.
    external: ["pg-native"],
    // The CommonJS dependencies require Node's built-ins, which an ES module has no `require` for.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: "warning",
  });
}

function dependencyClosure(root: string): string[] {
  const selector = roots.map((r) => `#${r}, #${r} *`).join(", ");
  const output = execFileSync("npm", ["query", selector], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const nodes = JSON.parse(output) as { name: string; location: string }[];
  return [...new Set(nodes.filter((n) => !unneeded.has(n.name) && n.location.startsWith("node_modules/")).map((n) => n.location))].sort();
}

export function bundleMigrator(root: string, out: string): void {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const location of dependencyClosure(root))
    cpSync(path.join(root, location), path.join(out, location), { recursive: true, dereference: true });
  for (const file of files) cpSync(path.join(root, file), path.join(out, file), { recursive: true });
  compileMigrate(root, out);
  // ESM like the repository, so prisma.config.ts loads the same way; `npm run db:migrate` works here too.
  const manifest = { name: "vigil-migrate", private: true, type: "module", scripts: { "db:migrate": migrateCommand.join(" ") } };
  writeFileSync(path.join(out, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  if (!out) {
    console.error("usage: tsx scripts/bundle-migrator.ts <out-dir>");
    process.exit(2);
  }
  bundleMigrator(process.cwd(), path.resolve(out));
  console.log(`migration bundle written to ${out}`);
}
