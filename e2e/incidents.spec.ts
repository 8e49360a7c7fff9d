// Proves the console end to end: sign-in, a notification appearing live, the list's sort, URL and keyboard,
// the incident page (clocks, evidence search, citations), webhook refusals.
import { expect, test } from "@playwright/test";
import { alertmanagerPayload, type AlertSpec } from "@/lib/alerts/payload-builder";
import { E2E } from "./config";
import { IncidentListPage } from "./pages/incident-list-page";
import { IncidentPage } from "./pages/incident-page";
import { SignInPage } from "./pages/sign-in-page";
import { getIncident, postWebhook, uniqueNamespace } from "./support/vigil-api";
import type { APIRequestContext, Page } from "@playwright/test";

function crashLoopPayload(namespace: string) {
  const now = Date.now();
  const alerts: AlertSpec[] = [
    {
      labels: {
        alertname: "KubePodCrashLooping",
        namespace,
        severity: "critical",
        deployment: "checkout",
        pod: "checkout-7d9f8c6b5-x2k4q",
      },
      annotations: {
        summary: `Checkout is crash-looping in ${namespace}`,
        runbook: "restart-checkout",
        description: "checkout restarts every 30s",
      },
      startsAt: new Date(now - 2 * 60_000),
    },
    {
      labels: { alertname: "KubePodCrashLooping", namespace, severity: "warning", deployment: "cart", pod: "cart-5c8d7f9b4-p7m2n" },
      annotations: { summary: `Checkout is crash-looping in ${namespace}`, description: "cart restarted twice" },
      status: "resolved",
      startsAt: new Date(now - 5 * 60_000),
      endsAt: new Date(now - 60_000),
    },
  ];
  return alertmanagerPayload({ groupLabels: { alertname: "KubePodCrashLooping", namespace }, alerts });
}

test.describe("signing in", () => {
  test("an unauthenticated visit to / lands on the sign-in page", async ({ page }) => {
    await page.goto("/");
    const signIn = new SignInPage(page);
    await signIn.expectLoaded();
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F$/);
  });

  test("a wrong password shows an error and keeps the user on the sign-in page", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(E2E.adminEmail, "not-the-password");
    await expect(signIn.error).toHaveText("Sign-in failed: check your email and password.");
    await signIn.expectLoaded();
  });
});

test.describe("incidents", () => {
  test("a notification appears in the open list without a reload, and its page shows the alerts", async ({ page, request }) => {
    const namespace = uniqueNamespace();
    const payload = crashLoopPayload(namespace);

    await page.goto("/");
    await new SignInPage(page).signIn(E2E.adminEmail, E2E.adminPassword);
    const list = new IncidentListPage(page);
    await list.expectLoaded();
    await expect(list.rows.filter({ hasText: namespace })).toHaveCount(0);
    // Marks this document: a reload or navigation would lose the mark.
    await page.evaluate(() => ((window as unknown as { __e2eMark?: string }).__e2eMark = "same-document"));

    const response = await postWebhook(request, payload);
    expect(response.status(), await response.text()).toBe(200);
    const body = (await response.json()) as {
      incident: { id: string; number: number; state: string };
      openedIncident: boolean;
      stored: number;
    };
    expect(body).toMatchObject({ status: "accepted", openedIncident: true, stored: 2, incident: { state: "open" } });
    const id = body.incident.id;

    const row = list.row(id);
    await expect(row).toBeVisible({ timeout: 10_000 });
    await expect(row.getByTestId("incident-link")).toHaveText(`INC-${body.incident.number} Checkout is crash-looping in ${namespace}`);
    await expect(row.getByTestId("severity")).toHaveText(/critical/i);
    // Investigation starts on its own: the incident is open or already being investigated.
    await expect(row.getByTestId("state")).toHaveText(/open|investigating/i);
    expect(await page.evaluate(() => (window as unknown as { __e2eMark?: string }).__e2eMark)).toBe("same-document");

    await list.open(id);
    const incidentPage = new IncidentPage(page);
    await incidentPage.expectLoaded(id);
    await expect(incidentPage.title).toHaveText(`Checkout is crash-looping in ${namespace}`);
    // Without any human step, the agent investigates (no cluster is configured here, so it
    // abstains) and the timeline shows it.
    await expect(incidentPage.state).toHaveText(/investigating/i, { timeout: 15_000 });
    await expect(incidentPage.alerts).toHaveCount(2);

    for (const alert of payload.alerts) {
      const fp = alert.fingerprint;
      await expect(incidentPage.alert(fp)).toContainText(alert.labels.alertname!);
      await expect(incidentPage.alertStatus(fp)).toHaveText(alert.status);
      for (const [name, value] of Object.entries(alert.labels)) await expect(incidentPage.alertLabel(fp, name, value)).toBeVisible();
      for (const [name, value] of Object.entries(alert.annotations)) await expect(incidentPage.alertField(fp, name)).toHaveText(value);
      await expect(incidentPage.alertField(fp, "Started")).toHaveText(alert.startsAt);
      if (alert.status === "resolved") await expect(incidentPage.alertField(fp, "Ended")).toHaveText(alert.endsAt);
      else await expect(incidentPage.alertField(fp, "Ended")).toHaveCount(0);
    }

    const stored = await getIncident(page.request, id);
    expect(stored.traceId).toMatch(/^[0-9a-f]{32}$/);
    await expect(incidentPage.traceId).toHaveText(stored.traceId);
    await expect(incidentPage.timeline).toContainText("incident.opened");
    await expect(incidentPage.timeline).toContainText("alert.received");
    await expect(incidentPage.timeline).toContainText("rca.completed");
  });
});

/** One incident per alert, in this order, in one namespace: "Alert<i>" with the severity given. */
async function openIncidents(request: APIRequestContext, namespace: string, severities: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, severity] of severities.entries()) {
    const alertname = `SortCheck${i}`;
    const payload = alertmanagerPayload({
      groupLabels: { alertname, namespace },
      alerts: [
        {
          labels: { alertname, namespace, severity, deployment: `svc-${i}` },
          annotations: { summary: `svc-${i} (${severity}) in ${namespace}` },
          startsAt: new Date(),
        },
      ],
    });
    const response = await postWebhook(request, payload);
    expect(response.status(), await response.text()).toBe(200);
    ids.push(((await response.json()) as { incident: { id: string } }).incident.id);
  }
  return ids;
}

async function signIn(page: Page) {
  await page.goto("/");
  await new SignInPage(page).signIn(E2E.adminEmail, E2E.adminPassword);
  await new IncidentListPage(page).expectLoaded();
}

test.describe("the incident list", () => {
  test("sorts on the server, keeps filters and sort in the URL, and the back button returns to the last view", async ({
    page,
    request,
  }) => {
    const namespace = uniqueNamespace("sort");
    // Opened in this order: newest first is the reverse; most severe first is critical, medium, low.
    const [medium, critical, low] = await openIncidents(request, namespace, ["warning", "critical", "low"]);
    await signIn(page);
    const list = new IncidentListPage(page);

    await list.filterByNamespace(namespace);
    await expect(page).toHaveURL(new RegExp(`\\?namespace=${namespace}$`));
    await expect.poll(() => list.rowIds()).toEqual([low, critical, medium]);
    await expect(list.stateChip("all").getByTestId("state-count")).toHaveText("3");

    await list.sort.selectOption({ label: "Most severe" });
    await expect(page).toHaveURL(new RegExp(`\\?namespace=${namespace}&sort=severity$`));
    await expect.poll(() => list.rowIds()).toEqual([critical, medium, low]);
    await list.sort.selectOption({ label: "Oldest opened" });
    await expect.poll(() => list.rowIds()).toEqual([medium, critical, low]);

    // Back: the previous view, its rows and its controls.
    await page.goBack();
    await expect(page).toHaveURL(/sort=severity$/);
    await expect(list.sort).toHaveValue("severity");
    await expect.poll(() => list.rowIds()).toEqual([critical, medium, low]);
    await expect(list.namespace).toHaveValue(namespace);

    // A shared link renders the same view from the server.
    await page.reload();
    await expect(list.sort).toHaveValue("severity");
    expect(await list.rowIds()).toEqual([critical, medium, low]);

    await list.severity.selectOption("critical");
    await expect.poll(() => list.rowIds()).toEqual([critical]);
    await page.getByTestId("clear-filters").click();
    await expect(page).toHaveURL(/\/\?sort=severity$/);
    await expect(list.namespace).toHaveValue("");
  });

  test("the keyboard: / goes to the search, j/k and the arrows move through the rows, Enter opens one", async ({ page, request }) => {
    const namespace = uniqueNamespace("keys");
    const [first, second, third] = await openIncidents(request, namespace, ["warning", "warning", "warning"]);
    await signIn(page);
    const list = new IncidentListPage(page);
    await list.goto(`?namespace=${namespace}`);
    await expect.poll(() => list.rowIds()).toEqual([third, second, first]);
    const link = (id: string) => list.row(id).getByTestId("incident-link");

    await page.keyboard.press("/");
    await expect(list.search).toBeFocused();
    // Typing in a field is typing: j is a letter there, not a move.
    await page.keyboard.type("jk");
    await expect(list.search).toHaveValue("jk");
    await list.search.fill("");
    await list.search.blur();

    await page.keyboard.press("j");
    await expect(link(third!)).toBeFocused();
    await page.keyboard.press("j");
    await expect(link(second!)).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(link(first!)).toBeFocused();
    await page.keyboard.press("j");
    await expect(link(first!)).toBeFocused();
    await page.keyboard.press("k");
    await expect(link(second!)).toBeFocused();
    await page.keyboard.press("Enter");
    await new IncidentPage(page).expectLoaded(second!);
  });
});

test.describe("the incident page", () => {
  test("shows its clocks, filters its evidence with the matches marked, and a citation leads to its evidence", async ({
    page,
    request,
  }) => {
    const namespace = uniqueNamespace("evidence");
    const [id] = await openIncidents(request, namespace, ["critical"]);
    await signIn(page);
    const incidentPage = new IncidentPage(page);
    await incidentPage.goto(id!);
    await expect(incidentPage.rcaPanel).toHaveAttribute("data-phase", "done", { timeout: 15_000 });

    // Vigil's first RCA stopped its own clock; MTTA waits for a person to acknowledge it, and
    // unresolved, time to resolve runs on.
    await expect(incidentPage.firstRca).toHaveAttribute("data-kind", "done");
    await expect(incidentPage.firstRca).toHaveText(/^\d+ (s|min)$/);
    await expect(incidentPage.mtta).toHaveAttribute("data-kind", "running");
    await expect(incidentPage.mtta).toHaveText(/^\d+ (s|min) so far$/);
    await expect(incidentPage.mttr).toHaveAttribute("data-kind", "running");
    await expect(incidentPage.mttr).toHaveText(/^\d+ (s|min) so far$/);

    const total = await incidentPage.evidenceItems.count();
    expect(total).toBeGreaterThan(0);
    await incidentPage.evidenceFilter.fill(namespace);
    await expect(incidentPage.evidenceHits.first()).toHaveText(namespace);
    const shown = await incidentPage.evidenceItems.count();
    for (const item of await incidentPage.evidenceItems.all()) await expect(item).toContainText(namespace);
    await expect(incidentPage.evidenceCount).toHaveText(`${shown} of ${total} item${total === 1 ? "" : "s"} match “${namespace}”.`);

    await incidentPage.evidenceFilter.fill("no-such-evidence-anywhere");
    await expect(incidentPage.evidenceItems).toHaveCount(0);
    await expect(incidentPage.evidenceEmpty).toBeVisible();
    await expect(incidentPage.evidenceHits).toHaveCount(0);

    // A citation lands on its item even while the filter hides it: the filter clears, the
    // item scrolls into view and takes focus.
    const citation = incidentPage.citations.first();
    const ref = (await citation.getAttribute("data-ref"))!;
    await citation.click();
    await expect(incidentPage.evidenceFilter).toHaveValue("");
    await expect(incidentPage.evidenceItems).toHaveCount(total);
    await expect(incidentPage.evidenceItem(ref)).toBeFocused();
    await expect(incidentPage.evidenceItem(ref)).toBeInViewport();
  });
});

test.describe("the Alertmanager webhook", () => {
  test("refuses a request without the bearer token", async ({ request }) => {
    const payload = crashLoopPayload(uniqueNamespace());
    for (const token of [null, "wrong-token"]) {
      const response = await postWebhook(request, payload, token);
      expect(response.status()).toBe(401);
      expect(response.headers()["www-authenticate"]).toContain("Bearer");
      expect(await response.json()).toMatchObject({ error: "unauthorized" });
    }
  });

  test("answers 400 naming the field of a malformed payload", async ({ request }) => {
    const payload = crashLoopPayload(uniqueNamespace());
    const malformed = { ...payload, alerts: [payload.alerts[0], { ...payload.alerts[1], startsAt: "yesterday" }] };
    const response = await postWebhook(request, malformed);
    expect(response.status()).toBe(400);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe("bad_request");
    expect(body.message).toContain("alerts[1].startsAt");

    const { groupKey: _dropped, ...withoutGroupKey } = payload;
    const missing = await postWebhook(request, withoutGroupKey);
    expect(missing.status()).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toContain("groupKey");
  });
});
