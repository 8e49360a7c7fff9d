// Seeds the console bench's database in a few set-based statements (generate_series, no row
// at a time): incidents spread over 30 days with their alerts, a responder who approves
// things, and (console-seed-runs.ts) the investigations. Deterministic for a given size.
import pg from "pg";
import { seedInvestigations } from "./console-seed-runs";

export const BENCH_RESPONDER = { id: "cbenchresponder0000000001", email: "responder@bench.local" };
export const SEED_DAYS = 30;

// Namespaces with four workloads each, and the alerts that open incidents (with the root
// cause an RCA gives them): the kind of estate the demo's scenarios come from, larger.
const NAMESPACES = [
  "shop",
  "payments",
  "search",
  "platform",
  "data",
  "identity",
  "media",
  "ml",
  "notifications",
  "logistics",
  "pricing",
  "monitoring",
];
const WORKLOADS = [
  ["checkout-api", "cart", "storefront-web", "catalog"],
  ["billing-gateway", "ledger-service", "payment-router", "fraud-scorer"],
  ["ranker", "indexer", "query-api", "suggest"],
  ["ingress-nginx", "cert-manager", "coredns", "external-dns"],
  ["orders-db", "kafka", "clickhouse", "etl-runner"],
  ["auth-api", "session-store", "user-service", "sso-proxy"],
  ["thumbnailer", "transcoder", "cdn-purger", "upload-api"],
  ["recommendations-api", "feature-store", "model-server", "trainer"],
  ["notification-service", "email-sender", "push-gateway", "sms-relay"],
  ["shipping-api", "tracking-worker", "warehouse-sync", "label-printer"],
  ["pricing-service", "quote-engine", "promo-engine", "tax-service"],
  ["prometheus", "alertmanager", "grafana", "loki"],
].flat();
export const ALERTS: [alertname: string, rootCause: string, summary: string][] = [
  ["KubePodCrashLooping", "bad_deploy", "Pod of %s is crash looping after the latest rollout"],
  ["KubeContainerOOMKilled", "oom_killed", "Container %s was OOMKilled 4 times in 10 minutes"],
  ["HighErrorRate", "bad_deploy", "%s: 5xx error rate above 5% for 5 minutes"],
  ["HighLatencyP99", "dependency_failure", "%s: p99 latency above 1s"],
  ["CPUThrottlingHigh", "cpu_saturation", "%s: CPU throttled in 60% of periods"],
  ["KubePodNotReady", "probe_failure", "%s: pods not ready for 15 minutes"],
  ["KubeDeploymentReplicasMismatch", "capacity_limit", "%s: replicas mismatch, pods pending"],
  ["KubeImagePullBackOff", "image_pull", "%s: image cannot be pulled"],
  ["PostgresConnectionsHigh", "db_connection_exhaustion", "%s: database connection pool exhausted"],
  ["CertificateExpiringSoon", "certificate_expired", "%s: TLS certificate expires in 2 days"],
  ["DNSLookupFailures", "dns_failure", "%s: DNS lookups failing"],
  ["KubePersistentVolumeFillingUp", "disk_full", "%s: volume 95% full"],
];

const text = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]::text[]`;

// Recent incidents are still being worked on; older ones are resolved or closed, with a
// few forgotten open ones. Severity: critical 5%, high 20%, medium 40%, low 25%, info 10%.
const INCIDENTS_SQL = `
WITH base AS MATERIALIZED (
  SELECT g, random() AS r_age, random() AS r_state, random() AS r_sev, random() AS r_ns, random() AS r_wl, random() AS r_alert,
         random() AS r_ack, random() AS r_fix, random() AS r_close, random() AS r_run
  FROM generate_series(1, $1::int) g
), shaped AS MATERIALIZED (
  SELECT *, now_utc - (r_age * ${SEED_DAYS} * 86400) * interval '1 second' AS opened,
    CASE
      WHEN r_age * ${SEED_DAYS} * 24 < 2 THEN (ARRAY['open','investigating','awaiting_approval','mitigating'])[1 + floor(r_state * 4)::int]
      WHEN r_age * ${SEED_DAYS} < 1 THEN CASE WHEN r_state < .08 THEN 'open' WHEN r_state < .13 THEN 'investigating'
        WHEN r_state < .2 THEN 'awaiting_approval' WHEN r_state < .25 THEN 'mitigating' WHEN r_state < .95 THEN 'resolved' ELSE 'closed' END
      ELSE CASE WHEN r_state < .01 THEN 'open' WHEN r_state < .015 THEN 'awaiting_approval' WHEN r_state < .72 THEN 'resolved' ELSE 'closed' END
    END AS st,
    CASE WHEN r_sev < .05 THEN 'critical' WHEN r_sev < .25 THEN 'high' WHEN r_sev < .65 THEN 'medium' WHEN r_sev < .9 THEN 'low' ELSE 'info' END AS sev,
    1 + floor(power(r_ns, 1.6) * 12)::int AS ns_i,
    1 + floor(r_alert * 12)::int AS al_i
  FROM base, (SELECT (now() AT TIME ZONE 'UTC')::timestamp(3) AS now_utc) n
), timed AS MATERIALIZED (
  SELECT *, ns[ns_i] AS namespace, wl[(ns_i - 1) * 4 + 1 + floor(r_wl * 4)::int] AS workload, an[al_i] AS alertname,
    CASE WHEN st = 'open' THEN NULL ELSE least(now_utc, opened + (5 + r_ack * 240) * interval '1 second') END AS acked,
    CASE WHEN st IN ('resolved','closed') THEN least(now_utc, opened + (120 + power(r_fix, 2) * 6 * 3600) * interval '1 second') END AS resolved,
    -- An investigation ran for most incidents past "open"; investigating ones have one running.
    st <> 'open' AND (st = 'investigating' OR r_run < .8) AS has_run
  FROM shaped, (SELECT ${text(NAMESPACES)} AS ns, ${text(WORKLOADS)} AS wl, ${text(ALERTS.map((a) => a[0]))} AS an,
                       ${text(ALERTS.map((a) => a[1]))} AS rc, ${text(ALERTS.map((a) => a[2]))} AS sm) c
)
INSERT INTO "Incident" (id, title, state, severity, namespace, workload, "workloadKind", "groupKey", receiver, "traceId",
  "commonLabels", "commonAnnotations", "externalUrl", "rootCause", confidence, summary, "openedAt", "acknowledgedAt",
  "mitigatedAt", "resolvedAt", "closedAt", "updatedAt")
SELECT 'c' || substr(md5('incident-' || g), 1, 24), replace(sm[al_i], '%s', workload), st::"IncidentState", sev::"Severity",
  namespace, workload, 'Deployment',
  format('{}/{}:{alertname="%s", namespace="%s", run="%s"}', alertname, namespace, g), 'oncall', md5('trace-' || g),
  jsonb_build_object('alertname', alertname, 'namespace', namespace, 'severity', sev, 'deployment', workload, 'prometheus', 'monitoring/k8s'),
  jsonb_build_object('summary', replace(sm[al_i], '%s', workload), 'runbook_url', 'https://runbooks.example.com/' || lower(alertname)),
  'http://alertmanager.monitoring:9093',
  CASE WHEN has_run AND st <> 'investigating' THEN rc[al_i] END,
  CASE WHEN has_run AND st <> 'investigating' THEN round((0.55 + r_run * 0.44)::numeric, 2)::float8 END,
  CASE WHEN has_run AND st <> 'investigating' THEN 'The ' || workload || ' incident matches ' || rc[al_i] || ': see the cited evidence.' END,
  opened, acked,
  CASE WHEN st = 'mitigating' OR (resolved IS NOT NULL AND has_run) THEN least(now_utc, acked + interval '3 minutes') END,
  resolved,
  CASE WHEN st = 'closed' THEN least(now_utc, resolved + (3600 + r_close * 86400) * interval '1 second') END,
  greatest(opened, acked, resolved, CASE WHEN st = 'closed' THEN least(now_utc, resolved + (3600 + r_close * 86400) * interval '1 second') END)
FROM timed ORDER BY opened`;

// One to three alerts per incident: the one that opened it, and related ones that joined.
const ALERTS_SQL = `
INSERT INTO "Alert" (id, "incidentId", fingerprint, "startsAt", "endsAt", status, alertname, severity, labels, annotations,
  "generatorURL", raw, "firstReceivedAt", "lastReceivedAt", "receiveCount", "resolvedAt")
SELECT 'c' || substr(md5('alert-' || i.id || '-' || k), 1, 24), i.id, fp, starts, i."resolvedAt",
  CASE WHEN i."resolvedAt" IS NULL THEN 'firing' ELSE 'resolved' END::"AlertStatus", name, i.severity, labels,
  i."commonAnnotations", url,
  jsonb_build_object('status', CASE WHEN i."resolvedAt" IS NULL THEN 'firing' ELSE 'resolved' END, 'labels', labels,
    'annotations', i."commonAnnotations", 'startsAt', to_char(starts, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'endsAt', coalesce(to_char(i."resolvedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '0001-01-01T00:00:00Z'),
    'generatorURL', url, 'fingerprint', fp),
  starts, coalesce(i."resolvedAt", starts), 1 + abs(hashtext(i.id || k)) % 6, i."resolvedAt"
FROM "Incident" i
CROSS JOIN LATERAL generate_series(1, 1 + abs(hashtext(i.id)) % 3) k
CROSS JOIN LATERAL (SELECT
  CASE WHEN k = 1 THEN i."commonLabels"->>'alertname' ELSE (${text(ALERTS.map((a) => a[0]))})[1 + abs(hashtext(i.id || 'n' || k)) % ${ALERTS.length}] END AS name,
  i."openedAt" + (k - 1) * interval '47 seconds' AS starts,
  substr(md5('fp-' || i.id || k), 1, 16) AS fp,
  'http://prometheus.monitoring:9090/graph?g0.expr=' || (i."commonLabels"->>'alertname') AS url) a
CROSS JOIN LATERAL (SELECT i."commonLabels" || jsonb_build_object('alertname', name, 'container', i.workload,
  'pod', i.workload || '-' || substr(md5(i.id), 1, 10) || '-' || substr(md5(i.id || k), 1, 5),
  'job', 'kube-state-metrics', 'instance', '10.42.' || (abs(hashtext(i.id)) % 250) || '.' || k || ':8080') AS labels) l`;

export async function seedIncidents(client: pg.Client, incidents: number): Promise<void> {
  await client.query(`SELECT setseed(0.42)`);
  await client.query(INCIDENTS_SQL, [incidents]);
  await client.query(ALERTS_SQL);
  await client.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ($1, $2, 'Bench Responder', 'not-a-hash', 'responder', now())`,
    [BENCH_RESPONDER.id, BENCH_RESPONDER.email],
  );
  await seedInvestigations(client, BENCH_RESPONDER.id);
}
