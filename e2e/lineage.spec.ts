// The trace lineage view for any signed-in user, on an incident that changes nothing in the
// cluster (a namespace the sandbox does not have): reached from the incident page, its
// alert → evidence → rules → proposal → policy chain drawn with each node opening its
// record, a deep link opening a node and marking the path it came by, the trace id search
// box and /trace/<id> leading to it — on a phone-sized screen and in dark mode too.
// (The remediation story checks the approval, the PATCH and the lookup from the Deployment.)
import { expect, test } from "@playwright/test";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import type { Lineage } from "@/lib/lineage/types";
import { E2E } from "./config";
import { IncidentPage } from "./pages/incident-page";
import { LineagePage } from "./pages/lineage-page";
import { SignInPage } from "./pages/sign-in-page";
import { getIncident, postWebhook, uniqueNamespace } from "./support/vigil-api";

test("an incident's lineage: the chain, its records, deep links and the trace id lookup", async ({ page, request }) => {
  test.setTimeout(60_000);
  const namespace = uniqueNamespace("lineage");
  const payload = alertmanagerPayload({
    groupLabels: { alertname: "KubePodCrashLooping", namespace },
    alerts: [
      {
        labels: { alertname: "KubePodCrashLooping", namespace, deployment: "checkout", severity: "critical" },
        annotations: { summary: `checkout is crash-looping in ${namespace}` },
        startsAt: new Date(Date.now() - 60_000),
      },
    ],
  });
  const response = await postWebhook(request, payload);
  expect(response.status(), await response.text()).toBe(200);
  const { incident } = (await response.json()) as { incident: { id: string } };

  await page.goto("/");
  await new SignInPage(page).signIn(E2E.viewerEmail, E2E.viewerPassword);
  await expect(page.getByTestId("current-user")).toContainText(E2E.viewerEmail);
  const incidentPage = new IncidentPage(page);
  await incidentPage.goto(incident.id);
  await expect(incidentPage.rootCause).toBeVisible({ timeout: 20_000 });
  const { traceId, title } = await getIncident(page.request, incident.id);

  // From the incident page to its lineage.
  await page.getByTestId("trace-lineage-link").click();
  const lineage = new LineagePage(page);
  await lineage.expectLoaded(incident.id);
  await expect(lineage.traceId).toHaveText(traceId);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  // The chain in order, each step with its kind.
  await expect(lineage.node("policy")).toHaveCount(1, { timeout: 15_000 });
  const kinds = await lineage.nodes.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-kind")));
  expect(kinds).toEqual(["alert", "evidence", "rules", "proposal", "policy"]);
  await expect(lineage.node("alert")).toContainText("KubePodCrashLooping");
  await expect(lineage.node("rules")).toContainText("Rule engine");
  await expect(lineage.node("proposal")).toContainText("No automated action");
  await expect(lineage.node("policy")).toContainText("Policy: nothing to execute");

  // Each node opens its record: a disclosure with the facts and the whole record as JSON.
  const alert = lineage.node("alert");
  await expect(lineage.toggle(alert)).toHaveAttribute("aria-expanded", "false");
  await lineage.open(alert);
  await expect(alert.getByTestId("lineage-record")).toContainText("Fingerprint");
  await expect(alert.getByTestId("lineage-record")).toContainText(`namespace=${namespace}`);
  await alert.getByText("Whole record (JSON)").click();
  await expect(alert.locator("pre")).toContainText('"alertname": "KubePodCrashLooping"');
  await lineage.toggle(alert).click();
  await expect(lineage.toggle(alert)).toHaveAttribute("aria-expanded", "false");
  const evidence = lineage.node("evidence");
  await lineage.open(evidence);
  await expect(evidence.getByTestId("lineage-evidence-item").first()).toBeVisible();

  // A deep link opens its node and marks the steps that led to it.
  const api = await page.request.get(`/api/incidents/${incident.id}/lineage`);
  expect(api.status()).toBe(200);
  const { nodes } = (await api.json()) as Lineage;
  const rules = nodes.find((n) => n.kind === "rules")!;
  await lineage.goto(incident.id, rules.id);
  const linked = page.locator(`[id="${rules.id}"]`);
  await expect(lineage.toggle(linked)).toHaveAttribute("aria-expanded", "true");
  await expect(linked).toHaveAttribute("aria-current", "location");
  await expect(linked).toBeFocused();
  await expect(lineage.node("evidence")).toHaveAttribute("data-on-path", "true");
  await expect(lineage.node("alert")).toHaveAttribute("data-on-path", "true");
  await expect(lineage.node("proposal")).not.toHaveAttribute("data-on-path", "true");

  // The trace id, however it was copied, leads back here: the search box, /trace/<id>, the API.
  await lineage.searchTrace(`vigil-${traceId.toUpperCase()}`);
  await lineage.expectLoaded(incident.id);
  await page.goto(`/trace/${traceId}`);
  await lineage.expectLoaded(incident.id);
  const lookup = await page.request.get(`/api/trace/${traceId}`);
  expect(await lookup.json()).toMatchObject({ incidentId: incident.id, lineageUrl: `/incidents/${incident.id}/lineage` });
  await page.goto(`/trace/${"e".repeat(32)}`);
  await expect(page.getByTestId("trace-not-found")).toBeVisible();
  await lineage.searchTrace("not-a-trace-id");
  await expect(page.getByTestId("trace-search-error")).toContainText("That is not a trace id");

  // A phone-sized screen in dark mode: nothing wider than the screen, dark cards.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.emulateMedia({ colorScheme: "dark" });
  await lineage.goto(incident.id);
  await lineage.open(lineage.node("alert"));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const background = await lineage
    .node("alert")
    .locator(".lineage-card")
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).toBe("rgb(23, 26, 33)");
});
