// Vigil's side of the demo's control API: the state of the demo application and fault
// injection, for the console's Demo page. Only present when `npm run demo` set it up.
import "server-only";
import { env } from "@/lib/env";
import { VigilError } from "@/lib/errors";

export function demoEnabled(): boolean {
  return Boolean(env.VIGIL_DEMO_URL && env.VIGIL_DEMO_TOKEN);
}

/** Calls the demo's control API; its 4xx answers become errors a person can read. */
export async function demoRequest(path: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  if (!env.VIGIL_DEMO_URL || !env.VIGIL_DEMO_TOKEN)
    throw new VigilError("not_found", "fault injection is only available in the demo (npm run demo)");
  const response = await fetch(`${env.VIGIL_DEMO_URL}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${env.VIGIL_DEMO_TOKEN}`, ...(init.body ? { "content-type": "application/json" } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(5_000),
  }).catch((err: Error) => {
    throw new VigilError("unavailable", `the demo's control API does not answer: ${err.message}`);
  });
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (response.status === 400) throw new VigilError("bad_request", body.error ?? "bad request");
  if (response.status === 404) throw new VigilError("not_found", body.error ?? "not found");
  if (response.status === 409) throw new VigilError("conflict", body.error ?? "conflict");
  if (!response.ok) throw new VigilError("unavailable", body.error ?? `the demo answered HTTP ${response.status}`);
  return body;
}
