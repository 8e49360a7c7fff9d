// How a dependency server itself fails, in its own log: PostgreSQL that cannot find a checkpoint
// or is still recovering, MySQL's InnoDB refusing to start, Redis with a corrupt AOF, a Kafka broker
// aborting startup, or any of them OOMKilled.
import type { Gen } from "./rng";
import type { Dep } from "./deps";

export type DepCrash = {
  reason: string;
  exitCode: number;
  lines: { dt: number; level: "LOG" | "FATAL" | "PANIC" | "ERROR" | "WARNING" | "INFO"; msg: string }[];
  ev: string;
};

export function depCrash(g: Gen, dep: Dep): DepCrash {
  if (g.chance(0.25)) return { reason: "OOMKilled", exitCode: 137, lines: [], ev: "OOMKilled" };
  switch (dep.kind) {
    case "postgres":
      return g.chance(0.5)
        ? {
            reason: "Error",
            exitCode: 1,
            ev: "could not locate a valid checkpoint record",
            lines: [
              { dt: 100, level: "LOG", msg: "database system was interrupted; last known up at 2025-01-01 00:00:00 UTC" },
              { dt: 300, level: "LOG", msg: "invalid primary checkpoint record" },
              { dt: 320, level: "PANIC", msg: "could not locate a valid checkpoint record" },
              { dt: 900, level: "LOG", msg: "startup process (PID 27) was terminated by signal 6: Aborted" },
              { dt: 910, level: "LOG", msg: "aborting startup due to startup process failure" },
            ],
          }
        : {
            reason: "Error",
            exitCode: 1,
            ev: "could not write lock file",
            lines: [
              { dt: 100, level: "FATAL", msg: 'could not write lock file "postmaster.pid": No such device or address' },
              { dt: 120, level: "LOG", msg: "database system is shut down" },
            ],
          };
    case "mysql":
      return {
        reason: "Error",
        exitCode: 1,
        ev: "Unable to lock ./ibdata1 error: 11",
        lines: [
          { dt: 100, level: "INFO", msg: "[MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.39) starting as process 1" },
          { dt: 400, level: "ERROR", msg: "[MY-012574] [InnoDB] Unable to lock ./ibdata1 error: 11" },
          { dt: 90_000, level: "ERROR", msg: "[MY-012592] [InnoDB] Operating system error number 11 in a file operation." },
          { dt: 90_100, level: "ERROR", msg: "[MY-010119] [Server] Aborting" },
        ],
      };
    case "redis":
      return {
        reason: "Error",
        exitCode: 1,
        ev: "Bad file format reading the append only file",
        lines: [
          { dt: 100, level: "LOG", msg: "Server initialized" },
          { dt: 200, level: "LOG", msg: "Reading RDB base file on AOF loading..." },
          {
            dt: 600,
            level: "ERROR",
            msg: "Bad file format reading the append only file appendonly.aof.3.incr.aof: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>",
          },
        ],
      };
    case "kafka":
      return {
        reason: "Error",
        exitCode: 1,
        ev: "Fatal error during KafkaServer startup",
        lines: [
          { dt: 100, level: "INFO", msg: "[KafkaServer id=1] starting (kafka.server.KafkaServer)" },
          {
            dt: 2400,
            level: "ERROR",
            msg: "[KafkaServer id=1] Fatal error during KafkaServer startup. Prepare to shutdown (kafka.server.KafkaServer)",
          },
          {
            dt: 2401,
            level: "ERROR",
            msg: `kafka.common.InconsistentClusterIdException: The Cluster ID ${g.chars(22, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")} doesn't match stored clusterId Some(${g.chars(22, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}) in meta.properties.`,
          },
        ],
      };
    case "http":
      return { reason: "Error", exitCode: 1, ev: "", lines: [] };
  }
}
