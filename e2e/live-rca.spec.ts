// The incident page follows an investigation live, from the stream alone: its steps as
// they happen, then the root cause, with no reload. The e2e server runs the rule engine
// with no cluster configured, so the conclusion is `unknown`.
import { expect, test } from "@playwright/test";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { E2E } from "./config";
import { IncidentListPage } from "./pages/incident-list-page";
import { IncidentPage } from "./pages/incident-page";
import { SignInPage } from "./pages/sign-in-page";
import { postWebhook, uniqueNamespace } from "./support/vigil-api";

function notification(namespace: string, pod: string) {
  return alertmanagerPayload({
    groupLabels: { alertname: "KubePodCrashLooping", namespace },
    alerts: [
      { labels: { alertname: "KubePodCrashLooping", namespace, deployment: "checkout", pod, severity: "critical" }, startsAt: new Date() },
    ],
  });
}

test("an investigation streams into the incident page: live steps, then the root cause, without a reload", async ({ page, request }) => {
  await page.goto("/");
  await new SignInPage(page).signIn(E2E.adminEmail, E2E.adminPassword);
  const list = new IncidentListPage(page);
  await list.expectLoaded();
  // Marks this document: a reload or a full navigation would lose the mark.
  await page.evaluate(() => ((window as unknown as { __e2eMark?: string }).__e2eMark = "same-document"));

  const namespace = uniqueNamespace("live");
  const first = await postWebhook(request, notification(namespace, "checkout-7d9f8c6b5-x2k4q"));
  expect(first.status(), await first.text()).toBe(200);
  const { incident } = (await first.json()) as { incident: { id: string } };

  // Opened from the list as soon as it shows the incident. Its first investigation starts
  // with the webhook and is likely over by now, seen live or not.
  await list.open(incident.id);
  const incidentPage = new IncidentPage(page);
  await incidentPage.expectLoaded(incident.id);
  await expect(incidentPage.rootCause).toHaveAttribute("data-cause", "unknown", { timeout: 15_000 });

  // Hold the stored incident back (its JSON, not its stream): a rule-engine run lasts
  // milliseconds, and the next poll could show its conclusion before any step is seen.
  // Whatever the page shows of the next run until released comes from the stream alone.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/incidents\/[^/?]+$/, async (route) => {
    await held;
    await route.continue();
  });

  // A second pod of the group fires: the incident is investigated again, with the page open.
  const second = await postWebhook(request, notification(namespace, "checkout-7d9f8c6b5-p7m2n"));
  expect(second.status(), await second.text()).toBe(200);
  await expect(incidentPage.liveSteps).toHaveText([/^Collecting evidence… \d+ ms · \d+ items?, \d+ in context/, /^Rule engine… \d+ ms/], {
    timeout: 15_000,
  });
  await expect(incidentPage.rcaPanel).toHaveAttribute("data-phase", "pending");
  await expect(incidentPage.rcaPanel.getByText("attempt 2")).toBeVisible();

  // Released, the stored run catches up: its conclusion replaces the live steps.
  release();
  await expect(incidentPage.rcaPanel).toHaveAttribute("data-phase", "done");
  await expect(incidentPage.rootCause).toHaveAttribute("data-cause", "unknown");
  await expect(incidentPage.liveSteps).toHaveCount(0);
  await expect(incidentPage.rcaPanel.getByText("attempt 2")).toBeVisible();
  // No model is configured: the rules did not replace a model's answer, and there is no model to watch.
  await expect(incidentPage.modelFallbackNotice).toHaveCount(0);
  await expect(incidentPage.watchtowerBanner).toHaveCount(0);
  await expect(incidentPage.liveReasoning).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __e2eMark?: string }).__e2eMark)).toBe("same-document");
});
