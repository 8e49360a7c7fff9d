// The one reader of process.env: every setting Vigil understands, validated once.
// Booleans and numbers are parsed here, so the rest of the code never sees strings.
import { z } from "zod";

const boolWords = z.enum(["true", "false", "1", "0", "yes", "no", ""]).optional();
const isTrue = (v: string | undefined) => v === "true" || v === "1" || v === "yes";

const bool = boolWords.transform(isTrue);
// Unset (or empty) stays undefined: for settings whose absence means "let the library decide".
const optionalBool = boolWords.transform((v) => (v === undefined || v === "" ? undefined : isTrue(v)));

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),

  // Database: a real PostgreSQL when set; otherwise the run script starts an embedded one.
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  // The role that owns the tables and runs the migrations, when the server's (DATABASE_URL)
  // is a runtime role that may not rewrite the audit trail (lib/db/roles.ts). Unset: one role.
  DATABASE_OWNER_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  VIGIL_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  VIGIL_DATA_DIR: z.string().default(".vigil"),

  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default("127.0.0.1"),
  // Node options the run scripts pass on to the server after their own (lib/runtime/start.ts).
  NODE_OPTIONS: optionalString,
  // A second port serving only the Alertmanager webhook, outside Next.js's request handling
  // (lib/alerts/ingest-listener.ts): ~1 ms less server CPU per notification, and a port a
  // NetworkPolicy can open to Alertmanager alone. Unset: the webhook is on PORT only.
  VIGIL_INGEST_PORT: optionalString.pipe(z.coerce.number<string | undefined>().int().min(1).max(65535).optional()),

  // Alertmanager webhook: bearer token and body limit.
  VIGIL_WEBHOOK_TOKEN: optionalString,
  VIGIL_WEBHOOK_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),

  // Sign-in.
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString,
  VIGIL_ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  VIGIL_ADMIN_PASSWORD: optionalString,
  // Read by `npm run user:create` instead of a terminal prompt (for scripts).
  VIGIL_NEW_USER_PASSWORD: optionalString,
  // Unset: secure when NEXTAUTH_URL is https:// (next-auth's own rule, lib/auth/cookies.ts).
  VIGIL_SECURE_COOKIES: optionalBool,
  // Reverse proxies in front of Vigil that append to X-Forwarded-For: the sign-in throttle
  // takes the client's address from the entry the outermost of them wrote (lib/auth/client-address.ts).
  // 0: the header is ignored, as anyone can write it.
  VIGIL_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(16).default(0),

  // Integrations used by the agent loop (later issues). Unset means the built-in stand-ins.
  OLLAMA_HOST: optionalString,
  OLLAMA_MODEL: z.string().default("llama3.1"),
  // Per model attempt; an investigation gives the model at most two attempts.
  VIGIL_MODEL_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  // Model latency p99 above this puts Vigil in watchtower mode (automated writes suspended).
  VIGIL_MODEL_LATENCY_LIMIT_MS: z.coerce.number().int().min(1000).default(60_000),
  // Read-only tool calls (more logs, a metric, describe an object) the model may make before
  // it answers; 0 turns the tool loop off. Each call costs one more model request.
  VIGIL_MODEL_TOOL_STEPS: z.coerce.number().int().min(0).max(8).default(0),
  // Ensemble reasoning (lib/rca/ensemble): "ensemble" has network, database and compute
  // specialists answer in parallel and a director merge them by vote (rule-based specialists
  // when there is no model); "single" is the one-prompt RCA.
  VIGIL_RCA_MODE: z.enum(["single", "ensemble"]).default("single"),
  KUBECONFIG: optionalString,
  // A Kubernetes API URL and bearer token instead of a kubeconfig (the demo's sandbox cluster).
  VIGIL_CLUSTER_URL: optionalString,
  VIGIL_CLUSTER_TOKEN: optionalString,
  // Set by Kubernetes in every pod: Vigil then reads the cluster with its service account.
  KUBERNETES_SERVICE_HOST: optionalString,
  PROMETHEUS_URL: optionalString,
  // A JSON file overriding the PromQL templates of the signal catalog.
  VIGIL_SIGNAL_CATALOG: optionalString,
  // Whether this instance runs investigation jobs (every instance can; all share the queue).
  VIGIL_WORKER: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),

  // Remediation guard: a JSON file overriding the policy defaults (lib/remediation/policy-config.ts).
  VIGIL_POLICY_FILE: optionalString,
  // An approval is bound to one previewed change and expires after this long.
  VIGIL_APPROVAL_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  // How long verification watches an executed action before calling it ineffective.
  VIGIL_VERIFY_TIMEOUT_S: z.coerce.number().int().min(1).max(86_400).default(300),

  // Notifications (lib/notify). Each sink is off unless its URL is set.
  VIGIL_SLACK_WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  VIGIL_NOTIFY_WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  // When set, generic webhook bodies carry X-Vigil-Signature: sha256=<HMAC of the body>.
  VIGIL_NOTIFY_WEBHOOK_SECRET: optionalString,
  // Per delivery: a slow receiver never holds up the caller longer than this.
  VIGIL_NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  // The console's address as people reach it, for links in notifications. Unset: NEXTAUTH_URL,
  // then http://localhost:3000.
  VIGIL_PUBLIC_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),

  // The audit chain's head (newest seq and hash), exported hourly and on demand to places the
  // database's owner cannot rewrite (lib/audit/head.ts): verification holds the chain to the
  // last one. A JSON-lines file ("off": none; unset: <VIGIL_DATA_DIR>/data/audit-heads.jsonl,
  // beside the embedded database), a warn-level log line, and a webhook when its URL is set
  // (POSTed JSON, Bearer token if set).
  VIGIL_AUDIT_HEAD_FILE: optionalString,
  VIGIL_AUDIT_HEAD_WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  VIGIL_AUDIT_HEAD_WEBHOOK_TOKEN: optionalString,

  // Retention of ingested telemetry (lib/retention): metric points, log entries and the
  // anomaly bookkeeping derived from them; changes are kept longer, for post-mortems.
  VIGIL_TELEMETRY_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  VIGIL_CHANGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),

  // Anomaly detection on ingested metrics and logs (lib/anomaly). Off: batches are only stored.
  VIGIL_ANOMALY_DETECTION: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  // The least severity (after a correlated deploy raised it) at which an anomaly opens an incident.
  VIGIL_ANOMALY_INCIDENT_SEVERITY: z.enum(["medium", "high", "critical"]).default("high"),
  // Consecutive anomalous samples a metric's episode needs before it opens an incident: on
  // Gaussian noise one sample in 370 is past z = 3, so 1 would page on noise.
  VIGIL_ANOMALY_ALERT_AFTER: z.coerce.number().int().min(1).max(100).default(3),

  // Runbooks (lib/runbooks): a folder of Markdown runbooks synced into the library at start
  // and every VIGIL_RUNBOOKS_SYNC_MINUTES (0: at start only); unset, runbooks are uploaded in
  // the console. With VIGIL_EMBED_MODEL (an Ollama embedding model, e.g. nomic-embed-text;
  // needs OLLAMA_HOST) chunks and queries are also embedded for semantic retrieval.
  VIGIL_RUNBOOKS_DIR: optionalString,
  VIGIL_RUNBOOKS_SYNC_MINUTES: z.coerce.number().int().min(0).max(1440).default(5),
  VIGIL_EMBED_MODEL: optionalString,

  // Set by `npm run demo`: the demo's fault-injection control API, behind /api/demo.
  VIGIL_DEMO_URL: optionalString,
  VIGIL_DEMO_TOKEN: optionalString,

  // Which database the integration tests run on (lib/testing/global-setup.ts).
  VIGIL_TEST_DB: z.enum(["postgres", "embedded"]).optional(),
  // Set by CI; makes tests fail instead of skip when a dependency is missing.
  CI: bool,
});

export type Env = z.infer<typeof schema>;

/** Parses settings from `source` (process.env for the running process; a plain object in tests). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid Vigil configuration:\n${problems}`);
  }
  return parsed.data;
}

export const env: Env = parseEnv(process.env);
