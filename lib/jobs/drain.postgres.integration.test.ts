// Draining on SIGTERM: a server told to stop lets the investigation under way finish, for a
// bounded time, and then releases it — failed, so it is retried elsewhere, instead of staying
// active until it expires. Only then does Next.js's own handler (close the HTTP server, exit)
// run. The server is a child process (lib/testing/drain-child.ts) with the drain that
// lib/jobs/runtime.ts installs; the job is a real investigation job on the real queue.
// *.postgres.integration.test.ts: two processes on one database need a real PostgreSQL.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { INVESTIGATE, startBoss, type InvestigateJob } from "@/lib/jobs/boss";
import { openTestDb, unique, type TestDb } from "@/lib/testing/database";

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
let t: TestDb;
const bosses: PgBoss[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  t = await openTestDb();
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
afterAll(async () => {
  await Promise.all(bosses.map((b) => b.stop({ graceful: false, wait: true }).catch(() => undefined)));
  await t?.close();
});

async function boss(): Promise<PgBoss> {
  const b = await startBoss(t.url, { poolSize: 2 });
  bosses.push(b);
  return b;
}

type Server = {
  output: () => string;
  waitFor: (text: string) => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => void;
};

/** The server's queue in a child process, run by node itself so that signals reach it directly. */
function startServer(options: { jobMs: number; drainMs: number }): Server {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/testing/drain-child.ts"], {
    cwd: repo,
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      CHILD_JOB_MS: String(options.jobMs),
      CHILD_DRAIN_MS: String(options.drainMs),
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  const waiting = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk;
    for (const check of waiting) check();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    output: () => output,
    exited,
    kill: (signal) => child.kill(signal),
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!output.includes(text)) return;
          waiting.delete(check);
          resolve();
        };
        waiting.add(check);
        check();
        void exited.then(() => reject(new Error(`the server exited before saying "${text}"; it said: ${output.slice(-2000)}`)));
      }),
  };
}

/** A server whose worker has taken an investigation job (`id`), queued through `b`. */
async function investigationUnderWay(options: { jobMs: number; drainMs: number }) {
  const b = await boss();
  const server = startServer(options);
  await server.waitFor("worker ready");
  const incidentId = unique("incident");
  const id = await b.send(INVESTIGATE, { incidentId, traceId: unique("trace") } satisfies InvestigateJob, { singletonKey: incidentId });
  if (!id) throw new Error("the investigation was not queued");
  await server.waitFor(`job started ${id}`);
  return { b, server, id };
}

const stateOf = async (b: PgBoss, id: string) => (await b.getJobById(INVESTIGATE, id))?.state;

describe("SIGTERM with an investigation under way", () => {
  it("waits for it to finish, then lets Next.js close the server and exit", async () => {
    const { b, server, id } = await investigationUnderWay({ jobMs: 2_000, drainMs: 20_000 });

    server.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 143, signal: null });
    const output = server.output();
    expect(output).toContain(`job finished ${id}`);
    expect(output.indexOf(`job finished ${id}`)).toBeLessThan(output.indexOf("server closed"));
    expect(await stateOf(b, id)).toBe("completed");
  });

  it("releases one that outlasts the drain, and another worker finishes it", async () => {
    const { b, server, id } = await investigationUnderWay({ jobMs: 600_000, drainMs: 1_000 });

    const signalled = Date.now();
    server.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 143, signal: null });
    // Bounded by the drain (1 s here), far from the job's expiry (10 minutes).
    expect(Date.now() - signalled).toBeLessThan(15_000);
    expect(server.output()).toContain("server closed");
    expect(server.output()).not.toContain("job finished");
    // Released for a retry, not left active until it expires.
    expect(await stateOf(b, id)).toBe("retry");

    const finished: string[] = [];
    await b.work<InvestigateJob>(INVESTIGATE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
      if (job) finished.push(job.id);
    });
    await expect.poll(() => stateOf(b, id), { timeout: 25_000, interval: 250 }).toBe("completed");
    expect(finished).toEqual([id]);
  }, 45_000);
});
