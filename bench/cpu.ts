// Where the CPU went during a run (Linux /proc): the bench's senders, the server's process group, the bench database's PostgreSQL processes, and the whole machine.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

export type CpuSample = { client: number; server: number; postgres: number; machineBusy: number; machineTotal: number };
export type CpuUsage = { clientS: number; serverS: number; postgresS: number; machineBusyPct: number };

function read(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

// A backend's title names its user, database and client address; background workers name only their role.
const BACKEND = /: \S+ \S+ (\[local\]|[\d.:a-f]+\(\d+\))/;

export function sampleCpu(serverGroup: number | undefined, database: string): CpuSample {
  const sample: CpuSample = { client: 0, server: 0, postgres: 0, machineBusy: 0, machineTotal: 0 };
  const cpuLine = read("/proc/stat")?.split("\n")[0];
  if (cpuLine) {
    const ticks = cpuLine.trim().split(/\s+/).slice(1, 9).map(Number);
    sample.machineTotal = ticks.reduce((a, b) => a + b, 0);
    sample.machineBusy = sample.machineTotal - ticks[3]! - ticks[4]!;
  }
  let pids: string[] = [];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return sample;
  }
  for (const pid of pids) {
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) continue;
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (Number(pid) === process.pid) sample.client += ticks;
    else if (serverGroup !== undefined && Number(fields[2]) === serverGroup) sample.server += ticks;
    else if (comm === "postgres") {
      const title = read(`/proc/${pid}/cmdline`)?.replace(/\0/g, " ") ?? "";
      if (title.includes(` ${database} `) || !BACKEND.test(title)) sample.postgres += ticks;
    }
  }
  return sample;
}

export function cpuBetween(before: CpuSample, after: CpuSample): CpuUsage {
  const total = after.machineTotal - before.machineTotal;
  return {
    clientS: (after.client - before.client) / TICKS_PER_SECOND,
    serverS: (after.server - before.server) / TICKS_PER_SECOND,
    postgresS: (after.postgres - before.postgres) / TICKS_PER_SECOND,
    machineBusyPct: total > 0 ? (100 * (after.machineBusy - before.machineBusy)) / total : 0,
  };
}

/** CPU ticks per process of the server's process group (or this process, when undefined) and of the
 * database's PostgreSQL backends, by pid: a backend that exits between two samples (a pool closing an
 * idle connection) then takes its ticks out of neither sample, where sums of all processes would go down. */
export function sampleProcessTicks(
  serverGroup: number | undefined,
  database: string,
): { app: Map<number, number>; postgres: Map<number, number> } {
  const app = new Map<number, number>();
  const postgres = new Map<number, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return { app, postgres };
  }
  for (const pid of pids) {
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) continue;
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (serverGroup === undefined ? Number(pid) === process.pid : Number(fields[2]) === serverGroup) app.set(Number(pid), ticks);
    else if (comm === "postgres") {
      const title = read(`/proc/${pid}/cmdline`)?.replace(/\0/g, " ") ?? "";
      if (title.includes(` ${database} `) || !BACKEND.test(title)) postgres.set(Number(pid), ticks);
    }
  }
  return { app, postgres };
}

/** CPU seconds between two samples, counting only processes alive at the second one. */
export function ticksBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks / TICKS_PER_SECOND;
}
