// A server's job queue in a process of its own, for the drain tests
// (lib/jobs/drain.postgres.integration.test.ts): an investigation worker whose job takes
// CHILD_JOB_MS, the drain on SIGTERM that lib/jobs/runtime.ts installs (waiting at most
// CHILD_DRAIN_MS), and, in place of Next.js's own handler, one that says when it runs.
// Run with node --conditions=react-server --import tsx; everything comes in its environment.
import { drainBoss, INVESTIGATE, startBoss, type InvestigateJob } from "@/lib/jobs/boss";
import { drainOnTermination } from "@/lib/runtime/drain";

const need = (name: string) =>
  process.env[name] ??
  (() => {
    throw new Error(`${name} is not set`);
  })();

// Next.js installs its handler (close the HTTP server, exit 143) when it listens, before the
// jobs start.
process.on("SIGTERM", () => {
  console.log("server closed");
  process.exit(143);
});
const boss = await startBoss(need("DATABASE_URL"));
drainOnTermination(() => drainBoss(boss, Number(need("CHILD_DRAIN_MS"))));
await boss.work<InvestigateJob>(INVESTIGATE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
  console.log(`job started ${job!.id}`);
  await new Promise((resolve) => setTimeout(resolve, Number(need("CHILD_JOB_MS"))));
  console.log(`job finished ${job!.id}`);
});
console.log("worker ready");
