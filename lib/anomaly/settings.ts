// The detector's settings from configuration (lib/env.ts), read once per call site.
import "server-only";
import { env } from "@/lib/env";
import type { AnomalyConfig } from "@/lib/anomaly/config";

export function anomalyConfigFromEnv(): AnomalyConfig {
  return {
    enabled: env.VIGIL_ANOMALY_DETECTION,
    incidentSeverity: env.VIGIL_ANOMALY_INCIDENT_SEVERITY,
    alertAfter: env.VIGIL_ANOMALY_ALERT_AFTER,
  };
}
