// Page object for /incidents/[id]: summary and its clocks, trace id, the RCA panel (live and concluded), citations, evidence
// and its filter, action cards, alert cards and timeline.
import { expect, type Locator, type Page } from "@playwright/test";
import { ActionCard } from "./action-card";

export class IncidentPage {
  readonly summary: Locator;
  readonly title: Locator;
  readonly state: Locator;
  readonly severity: Locator;
  readonly traceId: Locator;
  readonly alerts: Locator;
  readonly timeline: Locator;
  readonly rcaPanel: Locator;
  readonly rootCause: Locator;
  readonly liveSteps: Locator;
  readonly liveReasoning: Locator;
  readonly modelFallbackNotice: Locator;
  readonly watchtowerBanner: Locator;
  readonly escalatedBanner: Locator;
  readonly actionCards: Locator;
  readonly mtta: Locator;
  readonly firstRca: Locator;
  readonly mttr: Locator;
  readonly age: Locator;
  readonly citations: Locator;
  readonly evidencePanel: Locator;
  readonly evidenceFilter: Locator;
  readonly evidenceItems: Locator;
  readonly evidenceHits: Locator;
  readonly evidenceCount: Locator;
  readonly evidenceEmpty: Locator;

  constructor(readonly page: Page) {
    this.summary = page.locator('section[aria-labelledby="incident-title"]');
    this.title = page.getByTestId("incident-title");
    this.state = this.summary.getByTestId("state");
    this.severity = this.summary.getByTestId("severity");
    this.traceId = page.getByTestId("trace-id");
    this.alerts = page.getByTestId("alert-row");
    this.timeline = page.getByTestId("timeline");
    this.rcaPanel = page.getByTestId("rca-panel");
    this.rootCause = page.getByTestId("rca-root-cause");
    this.liveSteps = page.getByTestId("run-live-step");
    this.liveReasoning = page.getByTestId("rca-live");
    this.modelFallbackNotice = page.getByTestId("model-fallback-notice");
    this.watchtowerBanner = page.getByTestId("watchtower-banner");
    this.escalatedBanner = page.getByTestId("escalated-banner");
    this.actionCards = page.getByTestId("action-card");
    this.mtta = this.summary.getByTestId("mtta");
    this.firstRca = this.summary.getByTestId("first-rca");
    this.mttr = this.summary.getByTestId("mttr");
    this.age = this.summary.getByTestId("age");
    this.citations = page.locator('a[data-testid="citation"]');
    this.evidencePanel = page.getByTestId("evidence-panel");
    this.evidenceFilter = page.getByTestId("evidence-filter");
    this.evidenceItems = page.getByTestId("evidence-item");
    this.evidenceHits = this.evidencePanel.getByTestId("evidence-hit");
    this.evidenceCount = page.getByTestId("evidence-count");
    this.evidenceEmpty = page.getByTestId("evidence-empty");
  }

  /** The card of the proposed action of a kind (rollback, restart, scale, none); not an undo. */
  action(kind: string): ActionCard {
    return new ActionCard(this.page.locator(`[data-testid="action-card"][data-kind="${kind}"][data-undo="false"]`));
  }

  /** The card of the undo that rolls back an action, shown under it. */
  undoOf(actionId: string): ActionCard {
    return new ActionCard(
      this.page
        .locator(`[data-testid="action-card"][data-action-id="${actionId}"]`)
        .locator("xpath=..")
        .locator('[data-testid="action-card"][data-undo="true"]'),
    );
  }

  async goto(incidentId: string): Promise<void> {
    await this.page.goto(`/incidents/${incidentId}`);
    await this.expectLoaded(incidentId);
  }

  async expectLoaded(incidentId: string): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`/incidents/${incidentId}$`));
    await expect(this.title).toBeVisible();
  }

  /** One evidence item, by its short id ("E3"). */
  evidenceItem(ref: string): Locator {
    return this.page.locator(`[data-testid="evidence-item"][data-ref="${ref}"]`);
  }

  /** One alert card, by the fingerprint it carries. */
  alert(fingerprint: string): Locator {
    return this.page.locator(`[data-testid="alert-row"][data-fingerprint="${fingerprint}"]`);
  }

  /** The value (dd) of one field of an alert card, by its name (dt): Started, Ended, an annotation. */
  alertField(fingerprint: string, name: string): Locator {
    return this.alert(fingerprint).locator(`xpath=.//dt[normalize-space(.)="${name}"]/following-sibling::dd[1]`);
  }

  alertLabel(fingerprint: string, name: string, value: string): Locator {
    return this.alert(fingerprint).getByText(`${name}=${value}`, { exact: true });
  }

  alertStatus(fingerprint: string): Locator {
    return this.alert(fingerprint).getByTestId("alert-status");
  }
}
