// Vigil's HTTP API for the specs: sign-in via next-auth's credentials endpoints, webhooks, incident reads.
import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import type { IncidentJson, IncidentListJson } from "@/lib/client/api";
import { E2E } from "../config";

export const WEBHOOK_PATH = "/api/webhooks/alertmanager";

/** A namespace no other test (or earlier run on the same database) uses. */
export function uniqueNamespace(prefix = "e2e"): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

/** Signs the request context in the way a script would: csrf token, then the credentials callback. */
export async function signInWithApi(api: APIRequestContext, email: string = E2E.adminEmail, password: string = E2E.adminPassword) {
  const csrf = await api.get("/api/auth/csrf");
  expect(csrf.ok()).toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const callback = await api.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: "/", json: "true" },
    maxRedirects: 0,
  });
  expect(callback.status(), await callback.text()).toBeLessThan(400);
  const session = await api.get("/api/auth/session");
  expect(await session.json()).toMatchObject({ user: { email } });
}

export function postWebhook(api: APIRequestContext, payload: unknown, token: string | null = E2E.webhookToken): Promise<APIResponse> {
  return api.post(WEBHOOK_PATH, {
    data: payload,
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
}

async function getJson<T>(api: APIRequestContext, url: string): Promise<T> {
  const response = await api.get(url);
  expect(response.status(), `GET ${url}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

export function listIncidents(api: APIRequestContext, namespace: string): Promise<IncidentListJson> {
  return getJson(api, `/api/incidents?namespace=${encodeURIComponent(namespace)}`);
}

export function getIncident(api: APIRequestContext, id: string): Promise<IncidentJson> {
  return getJson(api, `/api/incidents/${encodeURIComponent(id)}`);
}
