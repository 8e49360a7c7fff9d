// Proves the overview end to end: an incident from a webhook shows up in the headline numbers,
// the four charts draw, the range lives in the URL, bad input is refused by name, a phone-sized
// screen does not scroll sideways; and the incident page's metric section says when there is no Prometheus.
import { expect, test, type Page } from "@playwright/test";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import type { OverviewJson } from "@/lib/client/api";
import { E2E } from "./config";
import { CHARTS, OverviewPage } from "./pages/overview-page";
import { IncidentListPage } from "./pages/incident-list-page";
import { IncidentPage } from "./pages/incident-page";
import { SignInPage } from "./pages/sign-in-page";
import { getIncident, postWebhook, uniqueNamespace } from "./support/vigil-api";

async function signIn(page: Page) {
  await page.goto("/");
  await new SignInPage(page).signIn(E2E.adminEmail, E2E.adminPassword);
  await new IncidentListPage(page).expectLoaded();
}

/** One incident of five alerts (five pods) of one alert name: the noisiest in its namespace. */
function noisyPayload(namespace: string, alertname: string, startsAt: Date, status: "firing" | "resolved") {
  return alertmanagerPayload({
    groupLabels: { alertname, namespace },
    alerts: Array.from({ length: 5 }, (_, i) => ({
      labels: { alertname, namespace, severity: "critical", deployment: "checkout", pod: `checkout-7d9f8c6b5-p${i}` },
      annotations: { summary: `Checkout errors in ${namespace}` },
      status,
      startsAt,
    })),
  });
}

test.describe("the overview", () => {
  test("draws its charts and headline numbers after a webhook opens an incident, and keeps the range in the URL", async ({
    page,
    request,
  }) => {
    const namespace = uniqueNamespace("overview");
    const alertname = `OverviewNoise${namespace.slice(-6)}`;
    const startsAt = new Date(Date.now() - 3 * 60_000);
    const response = await postWebhook(request, noisyPayload(namespace, alertname, startsAt, "firing"));
    expect(response.status(), await response.text()).toBe(200);
    const { incident } = (await response.json()) as { incident: { id: string } };
    await signIn(page);
    // Acknowledged by a person, then resolved: an MTTA and an MTTR to chart.
    const incidentPage = new IncidentPage(page);
    await incidentPage.goto(incident.id);
    // "so far" is the browser's clock: the page is hydrated, its buttons work.
    await expect(incidentPage.mtta).toHaveText(/so far$/);
    await page.getByTestId("acknowledge-button").click();
    await expect(page.getByTestId("command-acknowledged")).toContainText(`by ${E2E.adminEmail}`);
    expect((await getIncident(page.request, incident.id)).acknowledgedAt).not.toBeNull();
    const resolved = await postWebhook(request, noisyPayload(namespace, alertname, startsAt, "resolved"));
    expect(resolved.status(), await resolved.text()).toBe(200);

    const overview = new OverviewPage(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).click();
    await expect(overview.heading).toBeVisible();
    await expect(overview.range("Last 7 days")).toHaveAttribute("aria-current", "page");
    for (const chart of CHARTS) await expect(overview.drawing(chart)).toBeVisible();
    await expect(overview.stat("opened")).toHaveText(/^[1-9]\d*$/);
    for (const id of ["open", "escalated", "executed", "verified", "ineffective"]) await expect(overview.stat(id)).toHaveText(/^\d+$/);
    for (const id of ["mtta", "mttr"]) await expect(overview.stat(id)).toHaveText(/^\d+[smhd]/);
    // Each chart speaks for itself to a screen reader.
    await expect(overview.summary("incidents")).toHaveAttribute("aria-label", /incidents? opened in the last 7 days/);
    await expect(overview.noisyTable.getByRole("row", { name: new RegExp(alertname) })).toContainText(namespace);

    // The API agrees, for this namespace alone.
    const api = await page.request.get(`/api/overview?range=24h&namespace=${namespace}`);
    expect(api.status()).toBe(200);
    const numbers = (await api.json()) as OverviewJson;
    expect(numbers.headline).toMatchObject({ open: 0, opened: 1 });
    expect(numbers.headline.mttrP50).toBeGreaterThanOrEqual(0);
    expect(numbers.noisy).toEqual([expect.objectContaining({ alertname, namespace, alerts: 5, deliveries: 10, incidents: 1 })]);
    expect(numbers.incidents.reduce((n, p) => n + p.critical, 0)).toBe(1);

    // A range is a URL: switching changes it in place, and a reload renders the same range.
    await overview.range("Last 24 hours").click();
    await expect(page).toHaveURL(/\/overview\?range=24h$/);
    await expect(overview.range("Last 24 hours")).toHaveAttribute("aria-current", "page");
    await expect(overview.status).toContainText("Last 24 hours");
    await expect(overview.summary("incidents")).toHaveAttribute("aria-label", /in the last 24 hours/);
    await page.reload();
    await expect(overview.range("Last 24 hours")).toHaveAttribute("aria-current", "page");
    for (const chart of CHARTS) await expect(overview.drawing(chart)).toBeVisible();

    // The incident page: no Prometheus in this setup, and the metric section says so.
    await incidentPage.goto(incident.id);
    await expect(page.getByTestId("incident-metrics").getByTestId("metric-message")).toHaveText(/No Prometheus configured/);
  });

  test("refuses a bad range by name and answers only the signed-in", async ({ page, request }) => {
    const anonymous = await request.get("/api/overview");
    expect(anonymous.status()).toBe(401);
    await signIn(page);
    const bad = await page.request.get("/api/overview?range=1y");
    expect(bad.status()).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "bad_request", message: "range: must be one of 24h, 7d, 30d" });
    const badSignal = await page.request.get("/api/incidents/anything/metrics?signal=vibes");
    expect(badSignal.status()).toBe(400);
    expect(((await badSignal.json()) as { message: string }).message).toMatch(/^signal: must be one of/);
    // The page itself falls back to the default range and says so.
    const overview = new OverviewPage(page);
    await overview.goto("?range=1y");
    await expect(overview.status).toContainText("Unknown range");
    await expect(overview.range("Last 7 days")).toHaveAttribute("aria-current", "page");
  });

  test("fits a phone-sized screen without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page);
    const overview = new OverviewPage(page);
    await overview.goto();
    // Every chart's box is there (a drawing, or its empty message when this database has none).
    for (const chart of CHARTS) await expect(overview.chart(chart).locator(".chart-body")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  });
});
