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
