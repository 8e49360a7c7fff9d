// The demo, as a newcomer plays it: inject a fault from the console, watch the incident
// appear and its analysis stream in, approve the fix, see it verified, roll it back, and
// read the post-mortem. With RECORD=1 (npm run demo:record) every step leaves a screenshot
// and the run a video, in recordings/<time>/.
import { mkdirSync, copyFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { SignInPage } from "../pages/sign-in-page";
import { IncidentPage } from "../pages/incident-page";
import { PostmortemSection } from "../pages/postmortem-section";
import { STORY } from "./config";

const record = Boolean(process.env.RECORD);
const folder = path.join(STORY.recordings, new Date().toISOString().replace(/[:.]/g, "-"));
let step = 0;

async function shot(page: Page, name: string) {
  step += 1;
  if (!record) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: path.join(folder, `${String(step).padStart(2, "0")}-${name}.png`), fullPage: true });
}

test("the demo story: fault → incident → analysis → approve → verified → rollback → post-mortem", async ({ page }) => {
  await page.goto("/");
  await new SignInPage(page).signIn(STORY.email, STORY.password);
  await expect(page.getByTestId("current-user")).toContainText(STORY.email);
  await shot(page, "signed-in");

  // 1. A bad release of shop/checkout, from the Demo page.
  await page.getByRole("link", { name: "Demo" }).click();
  const checkout = page.locator('[data-testid="demo-workload"][data-workload="shop/checkout"]');
  await expect(checkout).toBeVisible();
  await checkout.getByLabel("Fault for shop/checkout").selectOption("bad_deploy");
  await checkout.getByRole("button", { name: "Inject" }).click();
  await expect(checkout).toHaveAttribute("data-fault", "bad_deploy");
  await shot(page, "fault-injected");

  // 2. Its alert opens an incident, which appears in the list without a reload.
  await page.getByRole("link", { name: "Incidents" }).click();
  const row = page.getByRole("link", { name: /checkout: .* of requests fail/ }).first();
  await expect(row).toBeVisible({ timeout: 90_000 });
  await shot(page, "incident-listed");
  await row.click();

  // 3. The analysis: a bad deploy, citing its evidence, with a rollback proposed and previewed.
  const incident = new IncidentPage(page);
  await expect(incident.rootCause).toHaveAttribute("data-cause", "bad_deploy", { timeout: 60_000 });
  const rollback = incident.action("rollback");
  await expect(rollback.verdict).toHaveAttribute("data-allowed", "true", { timeout: 20_000 });
  await expect(rollback.dryRun).toHaveText("✓ Dry run accepted by the API server");
  await expect(rollback.diffLine("+", "image")).toContainText("ghcr.io/acme/checkout:2.13.4");
  await shot(page, "analysis-and-proposal");

  // 4. Approve: the Deployment rolls back in the sandbox cluster; the alert clears; verified.
  await rollback.approveButton.click();
  await expect(rollback.outcome).toHaveText("Approved and applied. Verifying…", { timeout: 20_000 });
  await shot(page, "approved");
  await expect(rollback.verification).toHaveAttribute("data-status", "verified", { timeout: 90_000 });
  await shot(page, "verified");

  // 5. One click undoes it.
  await rollback.rollBackButton.click();
  await rollback.confirmRollBackButton.click();
  await expect(rollback.root).toHaveAttribute("data-state", "rolled_back", { timeout: 20_000 });
  await shot(page, "rolled-back");

  // 6. The post-mortem, drafted from the audit trail.
  const postmortem = new PostmortemSection(page);
  await postmortem.draftButton.click();
  await expect(postmortem.textarea).toHaveValue(/## Root cause/, { timeout: 30_000 });
  await postmortem.previewTab.click();
  await expect(postmortem.preview).toContainText("Root cause");
  await postmortem.root.scrollIntoViewIfNeeded();
  await shot(page, "postmortem");

  if (record) {
    await page.close();
    const video = await page.video()?.path();
    if (video) copyFileSync(video, path.join(folder, "story.webm"));
    console.log(`demo story recorded in ${folder}`);
  }
});
