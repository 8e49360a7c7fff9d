// The audit log: an admin sees the chain verified and finds their own sign-in by filtering;
// a viewer is offered no link to it and is refused at its address, in the page and the API.
import { expect, test } from "@playwright/test";
import { E2E } from "./config";
import { AuditPage } from "./pages/audit-page";
import { signedIn } from "./pages/sign-in-page";

test("an admin opens the audit log, sees the chain intact, and finds their sign-in by action", async ({ browser }) => {
  const admin = await signedIn(browser, E2E.adminEmail, E2E.adminPassword);
  try {
    const { page } = admin;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" }).click();
    const audit = new AuditPage(page);
    await audit.expectLoaded();
    await expect(audit.chainVerdict).toHaveText(/^✓\s*Chain intact — [\d,]+ events? verified$/);
    await expect(audit.rows.first()).toBeVisible();

    await audit.filterByAction("user.signed_in");
    await expect(page).toHaveURL(/\/audit\?action=user\.signed_in$/);
    const mine = audit.rowsOf("user.signed_in", E2E.adminEmail);
    await expect(mine.first()).toBeVisible();
    // Nothing else is left in the table.
    await expect(audit.rows.and(page.locator(':not([data-action="user.signed_in"])'))).toHaveCount(0);

    // The event's data opens beneath its row.
    await mine.first().getByTestId("audit-expand").click();
    await expect(page.getByTestId("audit-data").first()).toContainText(`"email": "${E2E.adminEmail}"`);

    // The filtered view is a shareable address: it loads as it was.
    await page.reload();
    await expect(audit.actionFilter).toHaveValue("user.signed_in");
    await expect(audit.rowsOf("user.signed_in", E2E.adminEmail).first()).toBeVisible();
    await expect(audit.rows.and(page.locator(':not([data-action="user.signed_in"])'))).toHaveCount(0);

    await audit.verifyAgainButton.click();
    await expect(audit.chainVerdict).toContainText("Chain intact");
    await expect(audit.verifyAgainButton).toBeEnabled();

    // A bad filter in a shared address is named, not silently ignored.
    await audit.goto("?trace=not-a-trace");
    await expect(audit.error).toContainText("trace: expected a trace id");
  } finally {
    await admin.close();
  }
});

test("a viewer has no audit log link and is refused at /audit", async ({ browser }) => {
  const viewer = await signedIn(browser, E2E.viewerEmail, E2E.viewerPassword);
  try {
    const { page } = viewer;
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Incidents" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);

    const audit = new AuditPage(page);
    await audit.goto();
    await expect(audit.refused).toContainText("403");
    await expect(audit.refused).toContainText("this needs the admin role; you are viewer");
    await expect(audit.chainStatus).toHaveCount(0);
    await expect(audit.rows).toHaveCount(0);

    const api = await page.request.get("/api/audit?action=user.signed_in");
    expect(api.status()).toBe(403);
    expect(await api.json()).toMatchObject({ error: "forbidden" });
  } finally {
    await viewer.close();
  }
});

test("an admin exports the chain's head and verifies the chain against it, and against a head it never had", async ({ browser }) => {
  const admin = await signedIn(browser, E2E.adminEmail, E2E.adminPassword);
  try {
    const { page } = admin;
    const audit = new AuditPage(page);
    await audit.goto();
    await audit.expectLoaded();
    const panel = page.getByTestId("audit-head");
    await panel.getByTestId("export-head").click();
    const outcome = panel.getByTestId("audit-head-outcome");
    await expect(outcome).toHaveText(/^Exported event #\d+ with hash [0-9a-f]{64} \(log\)\.$/);
    const [, seq, hash] = /#(\d+) with hash ([0-9a-f]{64})/.exec((await outcome.textContent()) ?? "")!;

    // Pasted back, as from the log aggregator: the chain holds to it.
    await panel.getByTestId("verify-head-seq").fill(seq!);
    await panel.getByTestId("verify-head-hash").fill(hash!);
    await panel.getByTestId("verify-head-submit").click();
    await expect(outcome).toHaveText(`Event #${seq} still has the exported hash: the chain is intact.`);
    await expect(panel.getByTestId("exported-head")).toContainText(`The chain holds to event #${seq}, the head you gave`);

    // A head this chain never had (another hash at that event) is a broken chain, said as such.
    await panel.getByTestId("verify-head-hash").fill(hash!.replace(/^./, (c) => (c === "0" ? "1" : "0")));
    await panel.getByTestId("verify-head-submit").click();
    await expect(panel.getByTestId("exported-head")).toContainText(`The chain does not hold to event #${seq}`);
    await expect(outcome).toHaveClass(/error/);
  } finally {
    await admin.close();
  }
});
