// The cause builders by taxonomy id: one file per root cause of FORMAT.md's taxonomy.
import type { RootCause } from "@/lib/scenarios/schema";
import type { Built } from "../expected";
import type { World } from "../types";
import { badConfig } from "./bad-config";
import { capacityLimit } from "./capacity-limit";
import { certificateExpired } from "./certificate-expired";
import { diskFull } from "./disk-full";
import { dnsFailure } from "./dns-failure";
import { networkPolicy } from "./network-policy";
import { nodePressure } from "./node-pressure";
import { probeFailure } from "./probe-failure";
import { unknown } from "./unknown";
import { badDeploy } from "./bad-deploy";
import { cpuSaturation } from "./cpu-saturation";
import { dbConnectionExhaustion } from "./db-connection-exhaustion";
import { dependencyFailure } from "./dependency-failure";
import { imagePull } from "./image-pull";
import { memoryLeak } from "./memory-leak";
import { oomKilled } from "./oom-killed";

export const CAUSES: Record<RootCause, (w: World) => Built> = {
  oom_killed: oomKilled,
  bad_config: badConfig,
  bad_deploy: badDeploy,
  image_pull: imagePull,
  cpu_saturation: cpuSaturation,
  memory_leak: memoryLeak,
  dependency_failure: dependencyFailure,
  db_connection_exhaustion: dbConnectionExhaustion,
  probe_failure: probeFailure,
  node_pressure: nodePressure,
  capacity_limit: capacityLimit,
  certificate_expired: certificateExpired,
  dns_failure: dnsFailure,
  disk_full: diskFull,
  network_policy: networkPolicy,
  unknown: unknown,
};
