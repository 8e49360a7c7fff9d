// The human side of incident command, end to end. A responder acknowledges an incident with
// the `a` key (the overview's MTTA goes from nothing acknowledged to a figure; Vigil's own
// time to its first RCA is a clock of its own), hands it to the admin and takes it back,
// writes a Markdown note that shows on the timeline and corrects it, resolves the incident by
// hand through the confirmation that names the alert still firing, reopens it, and
// investigates it again with the rule engine: every run is in the runs table. A viewer sees
// the facts and no enabled command. On the list: the owner column, the Mine / Unowned filter
// in the URL, and `a` on the focused row.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import type { OverviewJson } from "@/lib/client/api";
import { formatDuration } from "@/lib/client/chart-format";
import { E2E } from "./config";
import { IncidentCommandPanel } from "./pages/incident-command";
import { IncidentListPage } from "./pages/incident-list-page";
import { IncidentPage } from "./pages/incident-page";
import { OverviewPage } from "./pages/overview-page";
import { signedIn } from "./pages/sign-in-page";
import { getIncident, postWebhook, uniqueNamespace } from "./support/vigil-api";

/** Opens an incident of one firing alert in `namespace` (no cluster object there: the rules conclude "unknown", nothing to execute). */
async function openIncident(api: APIRequestContext, namespace: string, alertname: string): Promise<{ id: string; number: number }> {
  const payload = alertmanagerPayload({
    groupLabels: { alertname, namespace },
    alerts: [{ labels: { alertname, namespace, deployment: "checkout", severity: "critical" }, startsAt: new Date() }],
  });
  const response = await postWebhook(api, payload);
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { incident: { id: string; number: number } }).incident;
}

/** The overview's median MTTA over the last 24 hours, in seconds: of one namespace, or of all. */
async function medianMtta(api: APIRequestContext, namespace?: string): Promise<number | null> {
  const response = await api.get(`/api/overview?range=24h${namespace ? `&namespace=${namespace}` : ""}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as OverviewJson).headline.mttaP50;
}

test("a responder acknowledges, owns, notes, resolves, reopens and investigates again; a viewer only looks", async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const namespace = uniqueNamespace("command");
  const alertname = `CommandCrashLoop${namespace.slice(-6)}`;
  const incident = await openIncident(request, namespace, alertname);
  const inc = `INC-${incident.number}`;

  const responder = await signedIn(browser, E2E.responderEmail, E2E.responderPassword);
  const viewer = await signedIn(browser, E2E.viewerEmail, E2E.viewerPassword);
  try {
    const api = responder.page.request;
    // Before: Vigil investigates on its own, but only a person's acknowledgement counts as MTTA.
    const page = new IncidentPage(responder.page);
    const command = new IncidentCommandPanel(responder.page);
    await page.goto(incident.id);
    await expect(page.rcaPanel).toHaveAttribute("data-phase", "done", { timeout: 20_000 });
    await expect(page.firstRca).toHaveAttribute("data-kind", "done");
    await expect(page.firstRca).toHaveText(/^\d+ (s|min)$/);
    // "so far" is the browser's clock: the page is hydrated and its keys listen.
    await expect(page.mtta).toHaveText(/^\d+ (s|min) so far$/);
    await expect(command.owner).toHaveText("Unowned");
    await expect(command.acknowledged).toHaveText("Not acknowledged");
    await expect(command.runs).toHaveCount(1);
    expect(await medianMtta(api, namespace)).toBeNull();
    const overview = new OverviewPage(responder.page);
    await overview.goto("?range=24h");
    await expect(overview.stat("mtta")).toHaveText(formatDuration(await medianMtta(api)));
    await page.goto(incident.id);
    await expect(page.mtta).toHaveText(/so far$/);

    // `a` acknowledges: the clock stops, and the unowned incident is the responder's now.
    await responder.page.keyboard.press("a");
    await expect(command.outcome).toHaveText(`Acknowledged ${inc}. You own it now.`);
    await expect(command.owner).toHaveText(E2E.responderEmail);
    await expect(command.acknowledged).toContainText(`by ${E2E.responderEmail}`);
    await expect(command.acknowledgeButton).toHaveCount(0);
    await expect(page.mtta).toHaveAttribute("data-kind", "done");
    await expect(page.mtta).toHaveText(/^\d+ (s|min)$/);

    // Handed over to the admin, then taken back.
    await command.assignSelect.selectOption({ label: E2E.adminEmail });
    await command.assignButton.click();
    await expect(command.outcome).toHaveText(`${E2E.adminEmail} owns ${inc}.`);
    await expect(command.owner).toHaveText(E2E.adminEmail);
    await command.assignToMeButton.click();
    await expect(command.outcome).toHaveText(`You own ${inc}.`);
    await expect(command.owner).toHaveText(E2E.responderEmail);

    // A Markdown note on the timeline, rendered, with its author; its author corrects it.
    await command.addNote(`Restarted the **checkout** pods by hand in ${namespace}.`);
    await expect(command.noteOutcome).toHaveText("Note added.");
    await expect(command.noteInput).toHaveValue("");
    const note = command.notes.filter({ hasText: namespace });
    await expect(note.getByTestId("note-text")).toHaveText(`Restarted the checkout pods by hand in ${namespace}.`);
    await expect(note.getByTestId("note-text").locator("strong")).toHaveText("checkout");
    await expect(note.getByTestId("note-author")).toHaveText(E2E.responderEmail);
    await note.getByTestId("note-edit").click();
    await note.getByTestId("note-edit-input").fill(`Restarted the **checkout** pods twice in ${namespace}.`);
    await note.getByTestId("note-save").click();
    await expect(note.getByTestId("note-text")).toHaveText(`Restarted the checkout pods twice in ${namespace}.`);
    await expect(note.getByTestId("note-author")).toHaveText(`${E2E.responderEmail} · edited`);
    await expect(page.timeline.locator('li[data-action="note.edited"]')).toHaveCount(1);

    // Resolved by hand while the alert still fires: Vigil names it, and resolves once confirmed.
    await command.stateReason.fill("Fixed by hand: the pods were restarted");
    await command.resolveButton.click();
    await expect(command.resolveConfirm).toBeVisible();
    await expect(command.firingAlerts).toHaveText(alertname);
    await expect(command.resolveAnywayButton).toBeFocused();
    await command.resolveAnywayButton.click();
    await expect(command.outcome).toHaveText(`Resolved ${inc}.`);
    await expect(page.state).toHaveText("Resolved");
    await expect(command.resolveConfirm).toHaveCount(0);
    const resolved = (await getIncident(api, incident.id)).timeline.find((e) => e.action === "incident.resolved");
    expect(resolved?.data).toMatchObject({ byHand: true, firingAlerts: [alertname], by: E2E.responderEmail });

    // Reopened: investigating again, and a second run comes.
    await expect(command.closeButton).toBeVisible();
    await command.stateReason.fill("The errors are back");
    await command.reopenButton.click();
    await expect(command.outcome).toHaveText(`Reopened ${inc}: it is being investigated again.`);
    await expect(page.state).toHaveText("Investigating");
    await expect(command.runs).toHaveCount(2, { timeout: 20_000 });
    await expect(command.runs.first()).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });

    // Investigated again with the rule engine: a third run, the newest, in the table.
    await command.engineSelect.selectOption("rules");
    await command.investigateButton.click();
    await expect(command.outcome).toHaveText("Investigation queued (rules engine).");
    await expect(command.runs).toHaveCount(3, { timeout: 20_000 });
    await expect(command.runs.first()).toHaveAttribute("data-status", "succeeded", { timeout: 20_000 });
    await expect(command.runs.first().getByTestId("run-engine")).toHaveText("Rule engine");
    await expect(command.runs.first().getByTestId("run-cause")).not.toHaveText("—");

    // After: the namespace has an MTTA, and the overview shows a figure.
    expect(await medianMtta(api, namespace)).not.toBeNull();
    await overview.goto("?range=24h");
    await expect(overview.stat("mtta")).toHaveText(/^\d+[smhd]/);

    // A viewer sees who owns it and who acknowledged it, the note, and no command to use.
    const viewerPage = new IncidentPage(viewer.page);
    const seen = new IncidentCommandPanel(viewer.page);
    await viewerPage.goto(incident.id);
    await expect(seen.owner).toHaveText(E2E.responderEmail);
    await expect(seen.acknowledged).toContainText(`by ${E2E.responderEmail}`);
    await expect(seen.reason).toHaveText("Viewers can't acknowledge, assign, resolve or investigate incidents: ask a responder.");
    await expect(seen.resolveButton).toBeVisible();
    const buttons = await seen.buttons().all();
    expect(buttons.length).toBeGreaterThan(0);
    for (const button of buttons) await expect(button).toBeDisabled();
    await expect(seen.notes.filter({ hasText: namespace }).getByTestId("note-text")).toContainText("twice");
    await expect(seen.notes.getByTestId("note-edit")).toHaveCount(0);
    await expect(seen.noteInput).toHaveCount(0);
    await expect(viewer.page.getByTestId("note-readonly")).toHaveText("Viewers can't add notes: ask a responder.");
  } finally {
    await responder.close();
    await viewer.close();
  }
});

test("the list shows who owns each incident, filters mine and unowned in the URL, and `a` acknowledges the focused row", async ({
  browser,
  request,
}) => {
  const namespace = uniqueNamespace("owners");
  const first = await openIncident(request, namespace, `OwnersFirst${namespace.slice(-6)}`);
  const second = await openIncident(request, namespace, `OwnersSecond${namespace.slice(-6)}`);
  const responder = await signedIn(browser, E2E.responderEmail, E2E.responderPassword);
  try {
    const page = responder.page;
    const list = new IncidentListPage(page);
    await list.goto(`?namespace=${namespace}`);
    await expect.poll(() => list.rowIds()).toEqual([second.id, first.id]);
    await expect(list.ownerOf(second.id)).toContainText("Unowned");
    // "just now" is the browser's clock: the list is hydrated and its keys listen.
    await expect(list.row(second.id).locator(".incident-opened time")).toHaveText(/just now|ago$/);

    // j focuses the newest row; a acknowledges it, and the responder owns it.
    await page.keyboard.press("j");
    await expect(list.row(second.id).getByTestId("incident-link")).toBeFocused();
    await page.keyboard.press("a");
    await expect(list.commandOutcome).toHaveText(`Acknowledged INC-${second.number}. You own it now.`);
    await expect(list.ownerOf(second.id)).toHaveText(E2E.responderEmail);
    await expect(list.ownerOf(first.id)).toContainText("Unowned");

    await list.owner.selectOption("me");
    await expect(page).toHaveURL(new RegExp(`\\?namespace=${namespace}&owner=me$`));
    await expect.poll(() => list.rowIds()).toEqual([second.id]);
    await list.owner.selectOption("none");
    await expect(page).toHaveURL(/&owner=none$/);
    await expect.poll(() => list.rowIds()).toEqual([first.id]);
    // The view is a URL: a reload shows the same one.
    await page.reload();
    await expect(list.owner).toHaveValue("none");
    await expect.poll(() => list.rowIds()).toEqual([first.id]);
    await list.owner.selectOption("");
    await expect.poll(() => list.rowIds()).toEqual([second.id, first.id]);
  } finally {
    await responder.close();
  }
});
