// Fixed settings shared by the Playwright config, the e2e server and the specs.
export const E2E = {
  port: 39_417,
  adminEmail: "e2e-admin@vigil.test",
  adminPassword: "e2e-admin-password-5f3c",
  webhookToken: "e2e-webhook-token-9b2d7e41",
} as const;

export const baseURL = `http://127.0.0.1:${E2E.port}`;
