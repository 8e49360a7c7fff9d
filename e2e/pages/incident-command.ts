// Page object for the incident page's human side: the command panel (owner, acknowledgement,
// the commands and their outcome), the firing-alerts confirmation, notes on the timeline and
// the table of every investigation.
import type { Locator, Page } from "@playwright/test";

export class IncidentCommandPanel {
  readonly root: Locator;
  readonly owner: Locator;
  readonly acknowledged: Locator;
  readonly outcome: Locator;
  readonly reason: Locator;
  readonly acknowledgeButton: Locator;
  readonly assignToMeButton: Locator;
  readonly unassignButton: Locator;
  readonly assignSelect: Locator;
  readonly assignButton: Locator;
  readonly severitySelect: Locator;
  readonly severityReason: Locator;
  readonly severityButton: Locator;
  readonly stateReason: Locator;
  readonly resolveButton: Locator;
  readonly closeButton: Locator;
  readonly reopenButton: Locator;
  readonly resolveConfirm: Locator;
  readonly firingAlerts: Locator;
  readonly resolveAnywayButton: Locator;
  readonly engineSelect: Locator;
  readonly investigateButton: Locator;
  readonly noteInput: Locator;
  readonly addNoteButton: Locator;
  readonly noteOutcome: Locator;
  readonly notes: Locator;
  readonly runs: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("incident-command");
    this.owner = this.root.getByTestId("command-owner");
    this.acknowledged = this.root.getByTestId("command-acknowledged");
    this.outcome = this.root.getByTestId("command-outcome");
    this.reason = this.root.getByTestId("command-reason");
    this.acknowledgeButton = this.root.getByTestId("acknowledge-button");
    this.assignToMeButton = this.root.getByTestId("assign-me-button");
    this.unassignButton = this.root.getByTestId("unassign-button");
    this.assignSelect = this.root.getByTestId("assign-select");
    this.assignButton = this.root.getByTestId("assign-button");
    this.severitySelect = this.root.getByTestId("severity-select");
    this.severityReason = this.root.getByTestId("severity-reason");
    this.severityButton = this.root.getByTestId("severity-button");
    this.stateReason = this.root.getByTestId("state-reason");
    this.resolveButton = this.root.getByTestId("resolve-button");
    this.closeButton = this.root.getByTestId("close-button");
    this.reopenButton = this.root.getByTestId("reopen-button");
    this.resolveConfirm = this.root.getByTestId("resolve-confirm");
    this.firingAlerts = this.resolveConfirm.getByTestId("firing-alerts");
    this.resolveAnywayButton = this.resolveConfirm.getByTestId("resolve-confirm-button");
    this.engineSelect = this.root.getByTestId("engine-select");
    this.investigateButton = this.root.getByTestId("investigate-button");
    this.noteInput = page.getByTestId("note-body-input");
    this.addNoteButton = page.getByTestId("note-add");
    this.noteOutcome = page.getByTestId("note-outcome");
    this.notes = page.getByTestId("timeline").getByTestId("timeline-note");
    this.runs = page.getByTestId("runs-table").getByTestId("run-row");
  }

  /** Every button in the panel: a viewer must find none of them enabled. */
  buttons(): Locator {
    return this.root.getByRole("button");
  }

  async addNote(markdown: string): Promise<void> {
    await this.noteInput.fill(markdown);
    await this.addNoteButton.click();
  }
}
