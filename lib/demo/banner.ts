// What `npm run demo` prints once everything is up: where to go and what to click.
import path from "node:path";

export const DEMO_ADMIN_EMAIL = "admin@vigil.local";
export const DEMO_ADMIN_PASSWORD = "vigil-demo";

export interface DemoBannerInput {
  url: string;
  adminEmail: string;
  adminPassword: string;
  /** Whether Vigil runs on its embedded database, and where it keeps it (null: ephemeral). */
  embedded: boolean;
  dataDir: string | null;
}

export function demoBanner({ url, adminEmail, adminPassword, embedded, dataDir }: DemoBannerInput): string {
  // The built-in password is printed in the README anyway; one of the operator's own never
  // goes to stdout, where terminal scrollback and CI logs keep it.
  const password = adminPassword === DEMO_ADMIN_PASSWORD ? adminPassword : "the password in VIGIL_ADMIN_PASSWORD";
  const database = embedded ? (dataDir ? `embedded, kept in ${path.join(dataDir, "db")}` : "embedded, ephemeral") : "DATABASE_URL";
  return `
  Vigil demo is running.

    Console   ${url}
    Sign in   ${adminEmail} / ${password}
    Database  ${database}

  What happens, and what to click:
    1. In a few seconds a bad release of shop/checkout rolls out in the sandbox cluster.
       About 20 s later its HighErrorRate alert fires at Vigil's webhook.
    2. Sign in and open the incident "checkout: … of requests fail" in the list.
       Watch the evidence and the root-cause analysis stream in (rule-based engine;
       set OLLAMA_HOST for a local model).
    3. Under "Proposed actions", review the rollback's policy verdict and dry-run diff,
       then click Approve. The Deployment rolls back in the sandbox cluster.
    4. Within seconds the alert resolves and the action shows Verified ✓.
       "Roll back" undoes it; "Trace lineage" shows every step under one trace id.
    5. Open Demo (${url}/demo) to inject more faults: OOM, CPU saturation,
       dependency outage, bad config, image pull error — into any of five workloads.

  Ctrl-C stops it.
`;
}
