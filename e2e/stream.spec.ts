// The live investigation stream as a browser sees it: Server-Sent Events from the production
// build, from the first step to the RCA, and resumed with Last-Event-ID after a reconnect.
import { expect, test } from "@playwright/test";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { E2E } from "./config";
import { SignInPage } from "./pages/sign-in-page";
import { postWebhook, uniqueNamespace } from "./support/vigil-api";

type Seen = { id: string; kind: string; data: Record<string, unknown> };

test("an alert's investigation streams to the browser and resumes after a reconnect", async ({ page, request }) => {
  await new SignInPage(page).goto();
  await new SignInPage(page).signIn(E2E.adminEmail, E2E.adminPassword);
  await expect(page.getByTestId("current-user")).toBeVisible();

  const namespace = uniqueNamespace("stream");
  const payload = alertmanagerPayload({
    groupLabels: { alertname: "HighErrorRate", namespace },
    alerts: [{ labels: { alertname: "HighErrorRate", namespace, deployment: "api", severity: "critical" }, startsAt: new Date() }],
  });
  const response = await postWebhook(request, payload);
  const { incident } = (await response.json()) as { incident: { id: string } };

  // Everything from the start, through EventSource, until the run finishes.
  const events = await page.evaluate(async (id) => {
    return new Promise<Seen[]>((resolve, reject) => {
      const seen: Seen[] = [];
      const source = new EventSource(`/api/incidents/${id}/stream`);
      const timer = setTimeout(() => reject(new Error(`timed out after ${JSON.stringify(seen.map((s) => s.kind))}`)), 20_000);
      for (const kind of ["run.started", "step.started", "step.finished", "evidence", "token", "rca", "run.finished", "run.failed"]) {
        source.addEventListener(kind, (e) => {
          const message = e as MessageEvent<string>;
          seen.push({ id: message.lastEventId, kind, data: JSON.parse(message.data).data });
          if (kind === "run.finished" || kind === "run.failed") {
            clearTimeout(timer);
            source.close();
            resolve(seen);
          }
        });
      }
    });
  }, incident.id);

  const kinds = events.map((e) => e.kind);
  expect(kinds[0]).toBe("run.started");
  expect(kinds).toEqual(expect.arrayContaining(["step.started", "step.finished", "evidence", "rca"]));
  expect(kinds[kinds.length - 1]).toBe("run.finished");
  const rca = events.find((e) => e.kind === "rca")!.data as { rca: { citations: string[] } };
  expect(rca.rca.citations.length).toBeGreaterThan(0);
  const ids = events.map((e) => BigInt(e.id));
  expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);

  // A reconnect sends Last-Event-ID: only what came after it.
  const resumed = await page.evaluate(
    async ({ id, lastEventId }) => {
      const controller = new AbortController();
      const res = await fetch(`/api/incidents/${id}/stream`, { headers: { "Last-Event-ID": lastEventId }, signal: controller.signal });
      const reader = res.body!.getReader();
      let text = "";
      const deadline = Date.now() + 5_000;
      while (!text.includes("event: run.finished") && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      controller.abort();
      return { status: res.status, ids: [...text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]!) };
    },
    { id: incident.id, lastEventId: events[1]!.id },
  );
  expect(resumed.status).toBe(200);
  expect(resumed.ids).toEqual(events.slice(2).map((e) => e.id));
});

test("the stream needs a session", async ({ request }) => {
  const response = await request.get("/api/incidents/anything/stream");
  expect(response.status()).toBe(401);
});
