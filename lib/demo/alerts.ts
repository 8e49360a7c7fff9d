// Example alert groups for the demo, shaped like kube-prometheus-stack's alerts.
import type { AlertSpec } from "@/lib/alerts/payload-builder";

export type DemoGroup = { groupLabels: Record<string, string>; alerts: (startsAt: Date) => AlertSpec[] };

const cluster = "demo";
const generatorURL = "http://prometheus.demo.local/graph";

export const demoGroups: DemoGroup[] = [
  {
    groupLabels: { alertname: "HighErrorRate", namespace: "shop" },
    alerts: (startsAt) => [
      {
        labels: { alertname: "HighErrorRate", namespace: "shop", deployment: "checkout-api", severity: "critical", cluster },
        annotations: {
          summary: "checkout-api is failing 18% of requests",
          description: "18.1% of requests to shop/checkout-api fail with 5xx over the last 5 minutes.",
          runbook_url: "https://runbooks.demo.local/high-error-rate",
        },
        startsAt,
        generatorURL,
      },
    ],
  },
  {
    groupLabels: { alertname: "KubePodCrashLooping", namespace: "media" },
    alerts: (startsAt) =>
      ["db2pbr2sk-m7d5t", "db2pbr2sk-k2x7p"].map((suffix) => ({
        labels: {
          alertname: "KubePodCrashLooping",
          namespace: "media",
          pod: `thumbnailer-${suffix}`,
          container: "thumbnailer",
          reason: "CrashLoopBackOff",
          severity: "warning",
          cluster,
        },
        annotations: {
          summary: "Pod is crash looping.",
          description: `Pod media/thumbnailer-${suffix} (thumbnailer) is in waiting state (reason: "CrashLoopBackOff").`,
        },
        startsAt,
        generatorURL,
      })),
  },
  {
    groupLabels: { alertname: "CPUThrottlingHigh", namespace: "quotes" },
    alerts: (startsAt) => [
      {
        labels: { alertname: "CPUThrottlingHigh", namespace: "quotes", pod: "quote-engine-59lgnvdtz-6hq2w", container: "quote-engine", severity: "info", cluster },
        annotations: { summary: "Processes experience elevated CPU throttling.", description: "62.4% throttling of CPU in namespace quotes for container quote-engine." },
        startsAt,
        generatorURL,
      },
    ],
  },
  {
    groupLabels: { alertname: "KubeDeploymentReplicasMismatch", namespace: "storefront" },
    alerts: (startsAt) => [
      {
        labels: { alertname: "KubeDeploymentReplicasMismatch", namespace: "storefront", deployment: "storefront-web", severity: "warning", cluster },
        annotations: { summary: "Deployment has not matched the expected number of replicas.", description: "Deployment storefront/storefront-web has not matched the expected number of replicas for longer than 15 minutes." },
        startsAt,
        generatorURL,
      },
    ],
  },
];
