// The remediation loop in the console, against the e2e server's sandbox cluster holding the
// public scenario "checkout-api 2.14.0 TypeError": the alert → the RCA (bad deploy) → the
// rollback proposal with its policy verdict and dry-run diff → Approve → the Deployment
// changed as `kubectl rollout undo` would, carrying the incident's trace id → the alert
// resolves → verified → Roll back → the 2.14.0 template is back. A viewer, meanwhile, sees
// every button disabled with the reason.
import { expect, test } from "@playwright/test";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { loadScenario } from "@/lib/scenarios/load";
import { E2E } from "./config";
import { IncidentListPage } from "./pages/incident-list-page";
import { IncidentPage } from "./pages/incident-page";
import { LineagePage } from "./pages/lineage-page";
import { SignInPage, signedIn } from "./pages/sign-in-page";
import { getIncident, postWebhook, uniqueNamespace } from "./support/vigil-api";
import { imagesOf, ownedReplicaSets, readDeployment, revisionOf, templateOf } from "./support/sandbox-cluster";

const scenario = loadScenario(E2E.scenarioFile);
const { namespace, name } = scenario.expected!.remediation as { namespace: string; name: string };

/** The scenario's notification as Alertmanager would send it now: firing since `startsAt`, or resolved. */
function notification(startsAt: Date, status: "firing" | "resolved" = "firing") {
  const am = scenario.alertmanager;
  return alertmanagerPayload({
    receiver: am.receiver,
    groupLabels: am.groupLabels,
    externalURL: am.externalURL,
    alerts: am.alerts.map((a) => ({ labels: a.labels, annotations: a.annotations, generatorURL: a.generatorURL, startsAt, status })),
  });
}

test("a rollback is previewed, approved, applied as `kubectl rollout undo`, verified, and rolled back with one click", async ({
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  // The cluster before anything happens: 2.14.0 runs; the previous revision's ReplicaSet holds the template to go back to.
  const before = await readDeployment(request, namespace, name);
  const [current, previous] = await ownedReplicaSets(request, before);
  expect(previous, "the scenario has a previous revision").toBeDefined();
  expect(revisionOf(current!)).toBe(revisionOf(before));
  const badImages = imagesOf(before.spec?.template);
  const goodImages = imagesOf(templateOf(previous!));
  expect(badImages.join()).toContain("2.14.0");
  expect(goodImages.join()).not.toContain("2.14.0");

  const fired = new Date(Date.now() - 2 * 60_000);
  const response = await postWebhook(request, notification(fired));
  expect(response.status(), await response.text()).toBe(200);
  const { incident } = (await response.json()) as { incident: { id: string } };

  const admin = await signedIn(browser, E2E.adminEmail, E2E.adminPassword);
  const viewer = await signedIn(browser, E2E.viewerEmail, E2E.viewerPassword);
  try {
    const page = new IncidentPage(admin.page);
    await page.goto(incident.id);
    await expect(page.rootCause).toHaveAttribute("data-cause", "bad_deploy", { timeout: 30_000 });

    // The proposal: allowed by policy with every reason shown, and the exact change, dry-run.
    const rollback = page.action("rollback");
    await expect(rollback.title).toHaveText(`Roll back ${namespace}/${name}`);
    await expect(rollback.verdict).toHaveAttribute("data-allowed", "true", { timeout: 15_000 });
    await expect(rollback.verdict).toContainText("Allowed by policy");
    await expect(rollback.failedReasons).toHaveCount(0);
    await expect(rollback.reasons.filter({ hasText: `Deployment ${namespace}/${name} is the incident's workload` })).toHaveCount(1);
    await expect(rollback.previewSummary).toHaveText(
      `rollout undo ${namespace}/${name} to revision ${revisionOf(previous!)} (ReplicaSet ${previous!.metadata!.name})`,
    );
    await expect(rollback.diffLine("-", "image")).toContainText(badImages[0]!);
    await expect(rollback.diffLine("+", "image")).toContainText(goodImages[0]!);
    await expect(rollback.dryRun).toHaveText("✓ Dry run accepted by the API server");
    await expect(rollback.previewResourceVersion).toHaveText(before.metadata!.resourceVersion!);

    // A viewer sees the same proposal with the buttons disabled, and why.
    const viewerPage = new IncidentPage(viewer.page);
    await viewerPage.goto(incident.id);
    const viewerRollback = viewerPage.action("rollback");
    await expect(viewerRollback.approveButton).toBeDisabled();
    await expect(viewerRollback.rejectButton).toBeDisabled();
    await expect(viewerRollback.controlReason).toContainText("Viewers can't approve: ask a responder.");

    await rollback.approveButton.click();
    await expect(rollback.outcome).toHaveText("Approved and applied. Verifying…", { timeout: 15_000 });
    await expect(rollback.root).toHaveAttribute("data-state", "executed");

    // What `kubectl rollout undo` does: the previous revision's template (without its hash
    // label), as a new revision; and the write carries the incident's trace id.
    const { traceId } = await getIncident(admin.page.request, incident.id);
    const undone = await readDeployment(request, namespace, name);
    expect(undone.spec?.template).toEqual(templateOf(previous!));
    expect(imagesOf(undone.spec?.template)).toEqual(goodImages);
    expect(revisionOf(undone)).toBe(revisionOf(before) + 1);
    expect(undone.metadata?.annotations?.["vigil.dev/trace-id"]).toBe(traceId);
    expect(undone.spec?.replicas).toBe(before.spec?.replicas);
    await expect(rollback.executionGeneration).toHaveText(String(undone.metadata!.generation));
    await expect(rollback.executionTrace).toHaveText(`vigil.dev/trace-id=${traceId}`);

    // Not verified while the alert still fires, whatever the rollout says.
    await expect(rollback.verification).toHaveAttribute("data-status", "pending");
    await expect(rollback.verification).toContainText("Alerts: 1 of 1 alerts still firing", { timeout: 10_000 });
    const resolved = await postWebhook(request, notification(fired, "resolved"));
    expect(resolved.status(), await resolved.text()).toBe(200);
    await expect(rollback.verification).toHaveAttribute("data-status", "verified", { timeout: 20_000 });
    await expect(rollback.verification).toContainText("Verified ✓");

    // The trace lineage, reached from the change in the cluster: the Deployment's trace id
    // annotation leads back to this incident, whose chain names the approver and the PATCH sent.
    const lineage = new LineagePage(await admin.page.context().newPage());
    const annotation = (await readDeployment(request, namespace, name)).metadata!.annotations!["vigil.dev/trace-id"]!;
    await lineage.page.goto(`/trace/${annotation}`);
    await lineage.expectLoaded(incident.id);
    await expect(lineage.node("approval")).toContainText(`Approved by ${E2E.adminEmail}`);
    const patch = lineage.node("kubernetes_request");
    await expect(patch).toContainText(`Kubernetes PATCH deployment ${namespace}/${name}`);
    await lineage.open(patch);
    await expect(lineage.field(patch, "record-request")).toHaveText(`PATCH /apis/apps/v1/namespaces/${namespace}/deployments/${name}`);
    await expect(lineage.field(patch, "record-trace-annotation")).toHaveText(`vigil.dev/trace-id=${traceId}`);
    await expect(lineage.node("verification")).toContainText("Verified");
    await lineage.page.close();

    // The viewer may not roll it back either.
    await expect(viewerRollback.rollBackButton).toBeDisabled({ timeout: 10_000 });
    await expect(viewerRollback.controlReason).toContainText("Viewers can't roll back: ask a responder.");

    // One click (and its confirmation) puts the 2.14.0 template back.
    await rollback.rollBackButton.click();
    await rollback.confirmRollBackButton.click();
    await expect(rollback.outcome).toHaveText("Rolled back: the Deployment is being restored. Verifying…", { timeout: 15_000 });
    await expect(rollback.root).toHaveAttribute("data-state", "rolled_back");
    const undo = page.undoOf(await rollback.root.getAttribute("data-action-id").then((id) => id!));
    await expect(undo.title).toHaveText(`Rollback of “Roll back ${namespace}/${name}”`);
    await expect(undo.root).toHaveAttribute("data-state", "executed");

    const restored = await readDeployment(request, namespace, name);
    expect(restored.spec?.template).toEqual(before.spec?.template);
    expect(imagesOf(restored.spec?.template)).toEqual(badImages);
    expect(revisionOf(restored)).toBe(revisionOf(undone) + 1);
    expect(restored.metadata?.annotations?.["vigil.dev/trace-id"]).toBe(traceId);
    await expect(undo.verification).toHaveAttribute("data-status", "verified", { timeout: 20_000 });
  } finally {
    await admin.close();
    await viewer.close();
  }
});

test("an incident whose analysis stays under the confidence floor is shown as escalated to humans", async ({ page, request }) => {
  // A namespace the cluster does not have: no cause stands out, and nothing is proposed to execute.
  const namespace = uniqueNamespace("escalate");
  const payload = alertmanagerPayload({
    groupLabels: { alertname: "KubePodCrashLooping", namespace },
    alerts: [
      { labels: { alertname: "KubePodCrashLooping", namespace, deployment: "checkout", severity: "critical" }, startsAt: new Date() },
    ],
  });
  const response = await postWebhook(request, payload);
  expect(response.status(), await response.text()).toBe(200);
  const { incident } = (await response.json()) as { incident: { id: string } };

  await page.goto("/");
  await new SignInPage(page).signIn(E2E.adminEmail, E2E.adminPassword);
  await new IncidentListPage(page).expectLoaded();
  const incidentPage = new IncidentPage(page);
  await incidentPage.goto(incident.id);
  await expect(incidentPage.rootCause).toHaveAttribute("data-cause", "unknown", { timeout: 15_000 });
  await expect(incidentPage.escalatedBanner).toContainText(/Escalated to humans: the analysis's confidence 0\.\d+ is under the 0\.6 floor/);
  const advice = incidentPage.action("none");
  await expect(advice.root.getByTestId("recommendation")).toBeVisible();
  await expect(advice.root.getByRole("button")).toHaveCount(0);
});
