// The Dockerfile and .dockerignore, read statically: a non-root runtime with no secrets,
// that copies exactly what the standalone build and the migration bundle produce, from a
// build context that holds the sources and nothing local. (The image test builds and runs
// it: image.postgres.integration.test.ts.)
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { copyOf, envOf, isIgnored, parseDockerfile, parseDockerignore, stage, workdirOf } from "./dockerfile";
import { SERVER_NODE_OPTIONS } from "@/lib/runtime/start";

const root = path.resolve(__dirname, "../..");
const dockerfile = parseDockerfile(readFileSync(path.join(root, "Dockerfile"), "utf8"));
const ignore = parseDockerignore(readFileSync(path.join(root, ".dockerignore"), "utf8"));
const runtime = dockerfile.stages[dockerfile.stages.length - 1]!;
const build = stage(dockerfile, "build");

describe("Dockerfile", () => {
  it("builds in stages from a pinned Node 20 image and ends with the runtime stage", () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(["deps", "build", "runtime"]);
    for (const s of dockerfile.stages) expect(s.from).toMatch(/^node:20\.\d+(\.\d+)?-[a-z]+-slim$/);
  });

  it("installs from the lockfile and builds the standalone server", () => {
    const runs = (name: string) =>
      stage(dockerfile, name)
        .instructions.filter((i) => i.keyword === "RUN")
        .map((i) => i.args);
    expect(runs("deps").join("\n")).toMatch(/\bnpm ci\b/);
    expect(runs("build")).toContain("NEXT_OUTPUT=standalone npm run build");
    // next.config.ts switches to standalone output on exactly that variable.
    expect(readFileSync(path.join(root, "next.config.ts"), "utf8")).toMatch(/NEXT_OUTPUT === "standalone" \? "standalone"/);
  });

  it("copies into the runtime only what the build stage produces", () => {
    const copies = runtime.instructions.filter((i) => i.keyword === "COPY").map(copyOf);
    expect(copies.every((c) => c.from === "build")).toBe(true);
    const buildDir = workdirOf(build);
    const migrateBundle = build.instructions.map((i) => /bundle-migrator\.ts (\S+)/.exec(i.args)?.[1]).find(Boolean);
    expect(migrateBundle).toBeDefined();
    expect(copies.map((c) => [c.sources, c.dest])).toEqual([
      [[`${buildDir}/.next/standalone`], "./"],
      [[`${buildDir}/.next/static`], "./.next/static"],
      [[`${buildDir}/public`], "./public"],
      [[path.posix.join(buildDir, migrateBundle!)], "./migrate"],
    ]);
    // Root owns the copied files: the app user cannot rewrite its own code.
    expect(copies.every((c) => c.chown === undefined)).toBe(true);
  });

  it("runs as a numeric non-root user, with only .next/cache writable", () => {
    const user = runtime.instructions.filter((i) => i.keyword === "USER").pop();
    expect(user?.args).toMatch(/^[1-9]\d{3,}:[1-9]\d{3,}$/);
    const runs = runtime.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
    expect(runs).toEqual([`mkdir -p .next/cache && chown ${user!.args} .next/cache`]);
    expect(JSON.parse(runtime.instructions.find((i) => i.keyword === "CMD")!.args)).toEqual(["node", "server.js"]);
  });

  it("bakes no secret into any layer", () => {
    for (const s of dockerfile.stages) {
      for (const [name, value] of Object.entries(envOf(s))) {
        expect(name, `ENV ${name}`).not.toMatch(/SECRET|TOKEN|PASSWORD|KEY|DATABASE_URL/i);
        expect(value, `ENV ${name}`).not.toMatch(/:\/\/[^/\s]*:[^@\s]+@/); // credentials in a URL
      }
      for (const i of s.instructions.filter((i) => i.keyword === "ARG")) expect(i.args).not.toMatch(/SECRET|TOKEN|PASSWORD|KEY/i);
    }
    expect(envOf(runtime)).toMatchObject({ NODE_ENV: "production", HOSTNAME: "0.0.0.0", PORT: "3000" });
    // The image's server runs with the Node options `npm start` gives it.
    expect(envOf(runtime).NODE_OPTIONS).toBe(SERVER_NODE_OPTIONS);
  });
});

describe(".dockerignore", () => {
  it("keeps local state, secrets and dependencies out of the build context", () => {
    for (const file of [
      ".git/HEAD",
      "node_modules/next/package.json",
      ".next/BUILD_ID",
      ".env",
      ".env.local",
      "lib/generated/prisma/client.ts",
      ".vigil/data/db",
      "test-results/unit.json",
      "tsconfig.tsbuildinfo",
      "k8s/base/kustomization.yaml",
      "terraform/main.tf",
    ]) {
      expect(isIgnored(file, ignore), file).toBe(true);
    }
  });

  it("keeps everything the build reads", () => {
    for (const file of [
      "package.json",
      "package-lock.json",
      "next.config.ts",
      "tsconfig.json",
      "prisma.config.ts",
      "instrumentation.ts",
      "proxy.ts",
      "app/layout.tsx",
      "components/providers.tsx",
      "lib/env.ts",
      "lib/db/cli-adapter.ts",
      "public/icon.svg",
      "prisma/schema.prisma",
      "prisma/migrations/migration_lock.toml",
      "scripts/bundle-migrator.ts",
      "scripts/unref-timers.cjs",
      "types/next-auth.d.ts",
    ]) {
      expect(isIgnored(file, ignore), file).toBe(false);
    }
  });
});
