// Settings shared by the Playwright config, the e2e server and the specs. E2E_PORT moves the
// server when two runs share a machine (a developer's run beside CI's).
const port = Number(process.env.E2E_PORT ?? 39_417);

export const E2E = {
  port,
  adminEmail: "e2e-admin@vigil.test",
  adminPassword: "e2e-admin-password-5f3c",
  webhookToken: "e2e-webhook-token-9b2d7e41",
} as const;

export const baseURL = `http://127.0.0.1:${E2E.port}`;
