// Runbooks end to end: an admin uploads a runbook in the console; an alert whose runbook_url
// names it arrives through the webhook; the incident page links the alert to the library and
// shows the runbook as cited evidence, which opens the rendered runbook at its chunk; a
// viewer can read the library but is offered no upload.
import { expect, test } from "@playwright/test";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { E2E } from "./config";
import { IncidentPage } from "./pages/incident-page";
import { RunbookPage, RunbooksPage } from "./pages/runbooks-page";
import { SignInPage } from "./pages/sign-in-page";
import { postWebhook, uniqueNamespace } from "./support/vigil-api";

test("an uploaded runbook is linked from an alert, cited as evidence and opens at its chunk", async ({ page, request }) => {
  const namespace = uniqueNamespace("rb");
  const name = `payments-${namespace}`;
  const markdown = [
    `# Payments ${namespace}`,
    "",
    "## Diagnosis",
    "",
    "Look for **connection pool exhausted** in the payments logs.",
    "",
    "<script>window.__runbookScript = true</script>",
    '<img src="x" onerror="window.__runbookImg = true">',
    "",
    "## Mitigation",
    "",
    "```bash",
    `kubectl -n ${namespace} rollout undo deployment/payments`,
    "```",
  ].join("\n");

  await page.goto("/");
  await new SignInPage(page).signIn(E2E.adminEmail, E2E.adminPassword);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runbooks" }).click();
  const library = new RunbooksPage(page);
  await library.expectLoaded();
  await library.uploadFile(`${name}.md`, markdown);
  await expect(library.outcome).toHaveText(`Added Payments ${namespace} (2 chunks).`);
  await expect(library.row(name)).toContainText(`Payments ${namespace}`);
  await expect(library.row(name)).toContainText("upload");

  // The library's search finds it by what it says.
  await library.search.fill(`pool exhausted ${namespace}`);
  await library.search.press("Enter");
  await expect(library.hits.first()).toContainText(`Payments ${namespace} › Diagnosis`);

  const payload = alertmanagerPayload({
    groupLabels: { alertname: "PaymentsErrors", namespace },
    alerts: [
      {
        labels: { alertname: "PaymentsErrors", namespace, severity: "critical", deployment: "payments" },
        annotations: { summary: `Payments errors in ${namespace}`, runbook_url: `https://github.com/acme/runbooks/blob/main/${name}.md` },
        startsAt: new Date(Date.now() - 60_000),
      },
    ],
  });
  const response = await postWebhook(request, payload);
  expect(response.status(), await response.text()).toBe(200);
  const { incident } = (await response.json()) as { incident: { id: string } };
  const fingerprint = payload.alerts[0]!.fingerprint;

  const incidentPage = new IncidentPage(page);
  await incidentPage.goto(incident.id);
  // The alert's runbook_url links to the library's copy, beside the external link.
  const alertLink = incidentPage.alert(fingerprint).getByTestId("alert-runbook-link");
  await expect(alertLink).toHaveText(`Runbook: Payments ${namespace}`);
  await expect(incidentPage.alertField(fingerprint, "runbook_url").locator('a[rel="noreferrer noopener"]')).toHaveAttribute(
    "href",
    `https://github.com/acme/runbooks/blob/main/${name}.md`,
  );

  // The investigation runs on its own and cites the runbook.
  const evidence = page.locator('[data-testid="evidence-group"][data-source="runbook"] [data-testid="evidence-item"]');
  await expect(evidence.first()).toBeVisible({ timeout: 20_000 });
  await expect(evidence.first()).toContainText(`Runbook: Payments ${namespace}`);
  await expect(evidence.first().getByTestId("in-context")).toBeVisible();
  const ref = await evidence.first().getAttribute("data-ref");
  expect(ref).toMatch(/^E\d+$/);

  await evidence.first().getByTestId("evidence-runbook-link").click();
  await expect(page).toHaveURL(/\/runbooks\/[^/#]+#chunk-\d+$/);
  const runbookPage = new RunbookPage(page);
  await expect(runbookPage.title).toHaveText(`Payments ${namespace}`);
  await expect(runbookPage.chunks).toHaveCount(2);
  const anchor = new URL(page.url()).hash.slice(1);
  await expect(page.locator(`[id="${anchor}"]`)).toBeVisible();
  // Rendered Markdown: headings, bold, code; raw HTML is not rendered.
  await expect(runbookPage.chunk(0).getByRole("heading", { name: "Diagnosis" })).toBeVisible();
  await expect(runbookPage.chunk(0).locator("strong")).toHaveText("connection pool exhausted");
  await expect(runbookPage.chunk(1).locator("pre code")).toContainText(`rollout undo deployment/payments`);
  await expect(runbookPage.chunks.locator("script, img")).toHaveCount(0);
  expect(
    await page.evaluate(() => [
      (window as { __runbookScript?: boolean }).__runbookScript,
      (window as { __runbookImg?: boolean }).__runbookImg,
    ]),
  ).toEqual([undefined, undefined]);

  // And from the alert card to the runbook's page.
  await incidentPage.goto(incident.id);
  await incidentPage.alert(fingerprint).getByTestId("alert-runbook-link").click();
  await expect(runbookPage.title).toHaveText(`Payments ${namespace}`);
});

test("a viewer reads the library but is offered no upload, sync or delete", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto("/");
    await new SignInPage(page).signIn(E2E.viewerEmail, E2E.viewerPassword);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runbooks" }).click();
    const library = new RunbooksPage(page);
    await library.expectLoaded();
    await expect(library.file).toHaveCount(0);
    await expect(library.upload).toHaveCount(0);
    await expect(page.getByTestId("runbook-sync")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Delete / })).toHaveCount(0);
  } finally {
    await context.close();
  }
});
