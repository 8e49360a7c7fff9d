// Settings shared by the Playwright config, the e2e server and the specs. E2E_PORT moves the
// server when two runs share a machine (a developer's run beside CI's); the sandbox cluster
// listens on the next port, so it moves with it. Below Linux's ephemeral range (32768–60999):
// an outgoing connection's local port can never be holding it when the server starts.
import path from "node:path";

const port = Number(process.env.E2E_PORT ?? 29_417);

export const E2E = {
  port,
  adminEmail: "e2e-admin@vigil.test",
  adminPassword: "e2e-admin-password-5f3c",
  webhookToken: "e2e-webhook-token-9b2d7e41",
  // A second account, created by e2e/server.ts, that may look but not act.
  viewerEmail: "e2e-viewer@vigil.test",
  viewerPassword: "e2e-viewer-password-8a1e",
  // A responder, who acknowledges, owns and hands incidents over to the admin and back.
  responderEmail: "e2e-responder@vigil.test",
  responderPassword: "e2e-responder-password-3d6b",
  // The sandbox cluster Vigil reads and writes (a Kubernetes API in miniature), holding the
  // public scenario below; the specs read it over the same API to see what Vigil changed.
  clusterPort: port + 1,
  // The webhook's own port (VIGIL_INGEST_PORT), where the real Alertmanager posts, as installs run it.
  ingestPort: port + 2,
  clusterToken: "e2e-cluster-token-4c7a90d2",
  scenarioFile: path.resolve(
    path.dirname(new URL(import.meta.url).pathname),
    "../lib/scenarios/fixtures/checkout-api-typeerror-after-2-14-0.json",
  ),
} as const;

export const baseURL = `http://127.0.0.1:${E2E.port}`;
export const clusterURL = `http://127.0.0.1:${E2E.clusterPort}`;
export const ingestURL = `http://127.0.0.1:${E2E.ingestPort}`;
