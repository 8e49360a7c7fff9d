// A service with no Alertmanager: it pushes an hour of metrics and logs and a deploy with an
// ingest key, then goes wrong. Vigil's detector opens the incident through the alert path;
// the incident page shows the anomalies with the correlated deploy, the series and an RCA
// citing them; the overview counts them.
import { expect, test } from "@playwright/test";
import { E2E } from "./config";
import { SignInPage } from "./pages/sign-in-page";
import { IncidentListPage } from "./pages/incident-list-page";
import { IncidentPage } from "./pages/incident-page";

test("metrics, logs and a deploy pushed by a service become an incident with anomalies and a cited RCA", async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.goto("/");
  await new SignInPage(page).signIn(E2E.adminEmail, E2E.adminPassword);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sources" }).click();
  const service = `cart-${Date.now().toString(36)}`;
  await page.getByTestId("api-key-name").fill(service);
  for (const scope of ["ingest:metrics", "ingest:logs", "ingest:changes"]) await page.getByRole("checkbox", { name: scope }).check();
  await page.getByTestId("api-key-create").click();
  const secret = (await page.getByTestId("api-key-secret").locator("code").textContent())!;

  const push = async (kind: "metrics" | "logs" | "changes", data: unknown) => {
    const response = await request.post(`/api/ingest/${kind}`, { headers: { authorization: `Bearer ${secret}` }, data });
    expect(response.status(), await response.text()).toBe(202);
    return (await response.json()) as { accepted: number; anomalies?: number };
  };
  const T0 = Date.now() - 70 * 60_000;
  const at = (ms: number) => new Date(T0 + ms).toISOString();
  // An hour of latency every 10 s around 120 ms (never 2.5 σ out), and quiet logs.
  const normal = Array.from({ length: 360 }, (_, i) => ({
    service,
    name: "http_latency_ms",
    value: 120 + 10 * Math.sin(i * 1.7),
    timestamp: at(i * 10_000),
  }));
  expect(await push("metrics", { points: normal })).toMatchObject({ accepted: 360, anomalies: 0 });
  await push("logs", {
    entries: Array.from({ length: 60 }, (_, m) => ({
      service,
      level: "info",
      message: `GET /cart 200 in ${90 + m} ms`,
      timestamp: at(m * 60_000 + 5_000),
    })),
  });
  const spikeAt = 60 * 60_000;
  await push("changes", {
    changes: [
      {
        id: `${service}-2.3.1`,
        service,
        kind: "deploy",
        version: "2.3.1",
        actor: "alice",
        summary: `${service} 2.3.1: new payment client`,
        timestamp: at(spikeAt - 8 * 60_000),
      },
    ],
  });

  // It goes wrong: latency at ~950 ms for a minute and the payment client throws.
  await push("logs", {
    entries: Array.from({ length: 40 }, (_, i) => ({
      service,
      level: "error",
      message: "TypeError: Cannot read properties of undefined (reading 'amount') at PaymentClient.charge (payment.js:41)",
      timestamp: at(spikeAt + i * 1000),
    })),
  });
  await push("metrics", {
    points: Array.from({ length: 6 }, (_, i) => ({
      service,
      name: "http_latency_ms",
      value: 950 + 10 * i,
      timestamp: at(spikeAt + i * 10_000),
    })),
  });

  const list = new IncidentListPage(page);
  await list.goto(`?q=${service}`);
  await expect(list.rows).toHaveCount(1, { timeout: 20_000 });
  await list.rows.first().click();

  const incident = new IncidentPage(page);
  await expect(incident.rootCause).toContainText("Bad deploy", { timeout: 30_000 });
  const anomalies = page.getByTestId("incident-anomalies");
  await expect(anomalies.getByTestId("anomaly")).toHaveCount(2);
  await expect(anomalies.getByTestId("anomaly").filter({ hasText: "http_latency_ms" })).toContainText(
    "Correlated: deploy 2.3.1 by alice, 8 min before",
  );
  await expect(anomalies.getByTestId("anomaly").filter({ hasText: "error log entries per minute" })).toBeVisible();
  await expect(anomalies.getByTestId("anomaly-series").first().locator(".recharts-line")).toBeVisible();

  // The RCA cites the anomaly evidence, and it is there to open.
  const anomalyEvidence = incident.evidenceItems.filter({ hasText: "http_latency_ms" }).first();
  await expect(anomalyEvidence).toBeVisible();
  await expect(incident.citations.first()).toBeVisible();

  await page.goto("/overview?range=24h");
  await expect(page.getByTestId("anomalous-services")).toContainText(service);
  await expect(page.getByTestId("chart-anomalies")).toBeVisible();
});
