// The post-mortem in the console: on an investigated incident a responder drafts it from the
// records (the template engine: the e2e server has no model), edits it with the unsaved
// state shown, previews it, saves it, sees the edit after a reload and downloads the .md —
// and a viewer reads it, read-only, with the reason.
import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { E2E } from "./config";
import { IncidentPage } from "./pages/incident-page";
import { PostmortemSection } from "./pages/postmortem-section";
import { SignInPage } from "./pages/sign-in-page";
import { postWebhook, uniqueNamespace } from "./support/vigil-api";

async function signedIn(browser: Browser, email: string, password: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto("/");
  await new SignInPage(page).signIn(email, password);
  await expect(page.getByTestId("current-user")).toContainText(email);
  return { page, close: () => context.close() };
}

test("a responder drafts, edits, saves and downloads the post-mortem; a viewer reads it", async ({ browser, request }) => {
  test.setTimeout(90_000);
  // A namespace of its own: the incident is this test's alone (no cluster object, so the
  // analysis concludes "unknown" and nothing is proposed to execute).
  const namespace = uniqueNamespace("postmortem");
  const payload = alertmanagerPayload({
    groupLabels: { alertname: "KubePodCrashLooping", namespace },
    alerts: [
      { labels: { alertname: "KubePodCrashLooping", namespace, deployment: "checkout", severity: "critical" }, startsAt: new Date() },
    ],
  });
  const response = await postWebhook(request, payload);
  expect(response.status(), await response.text()).toBe(200);
  const { incident } = (await response.json()) as { incident: { id: string; number: number } };

  const admin = await signedIn(browser, E2E.adminEmail, E2E.adminPassword);
  const viewer = await signedIn(browser, E2E.viewerEmail, E2E.viewerPassword);
  try {
    const page = new IncidentPage(admin.page);
    await page.goto(incident.id);
    await expect(page.rootCause).toHaveAttribute("data-cause", "unknown", { timeout: 20_000 });
    const pm = new PostmortemSection(admin.page);
    await expect(pm.empty).toContainText("No post-mortem yet.");
    await expect(pm.saveButton).toBeDisabled();

    // Draft: the template engine writes it from the records.
    await pm.draftButton.click();
    await expect(pm.outcome).toHaveText("Drafted by the template engine and stored.", { timeout: 20_000 });
    await expect(pm.engine).toHaveAttribute("data-engine", "template");
    await expect(pm.engine).toContainText("Drafted by the template engine");
    await expect(pm.fallback).toHaveCount(0);
    await expect(pm.textarea).toHaveValue(new RegExp(`^# INC-${incident.number} post-mortem: `));
    await expect(pm.textarea).toHaveValue(/\n## Root cause\n/);
    await expect(pm.saveState).toHaveText("All changes saved");

    // Edit: the unsaved state shows, and the preview renders the Markdown.
    const note = `Reviewed in the e2e run ${Date.now().toString(36)}.`;
    const drafted = await pm.textarea.inputValue();
    await pm.textarea.fill(`${drafted}\n## Notes\n\n${note}\n`);
    await expect(pm.saveState).toHaveText("Unsaved changes");
    await expect(pm.root).toHaveAttribute("data-dirty", "true");
    await pm.previewTab.click();
    await expect(pm.previewTab).toHaveAttribute("aria-selected", "true");
    await expect(pm.preview.getByRole("heading", { name: "Root cause" })).toBeVisible();
    await expect(pm.preview.getByRole("heading", { name: "Notes" })).toBeVisible();
    await expect(pm.preview).toContainText(note);
    // A redraft would replace the edit: it asks first.
    await pm.draftButton.click();
    await expect(admin.page.getByRole("group", { name: "Confirm a new draft" })).toContainText("Your unsaved edits will be lost.");
    await pm.cancelDraftButton.click();
    await expect(pm.confirmDraftButton).toHaveCount(0);

    await pm.saveButton.click();
    await expect(pm.outcome).toHaveText("Saved.", { timeout: 15_000 });
    await expect(pm.saveState).toHaveText("All changes saved");
    await expect(pm.root).toHaveAttribute("data-dirty", "false");

    // After a reload the edit is what is stored.
    await admin.page.reload();
    await expect(pm.textarea).toHaveValue(new RegExp(note.replace(/\./g, "\\.")));
    await expect(pm.saveState).toHaveText("All changes saved");

    // The download is the saved Markdown, named after the incident.
    const [download] = await Promise.all([admin.page.waitForEvent("download"), pm.downloadLink.click()]);
    expect(download.suggestedFilename()).toBe(`INC-${incident.number}-postmortem.md`);
    const file = await readFile((await download.path())!, "utf8");
    expect(file).toContain("\n## Root cause\n");
    expect(file).toContain(note);

    // A viewer reads it, and is told why there is nothing to edit.
    const viewerPage = new IncidentPage(viewer.page);
    await viewerPage.goto(incident.id);
    const readOnly = new PostmortemSection(viewer.page);
    await expect(readOnly.readOnly).toContainText("Read-only: you are a viewer. Responders and admins can draft and edit the post-mortem.");
    await expect(readOnly.preview).toContainText(note);
    await expect(readOnly.draftButton).toHaveCount(0);
    await expect(readOnly.textarea).toHaveCount(0);
    await expect(readOnly.downloadLink).toBeVisible();
  } finally {
    await admin.close();
    await viewer.close();
  }
});
