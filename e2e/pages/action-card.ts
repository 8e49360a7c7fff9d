// Page object for one action card on the incident page: its policy verdict, preview diff,
// buttons (with the reason when disabled), outcome message, execution and verification.
import type { Locator } from "@playwright/test";

export class ActionCard {
  readonly title: Locator;
  readonly state: Locator;
  readonly verdict: Locator;
  readonly reasons: Locator;
  readonly failedReasons: Locator;
  readonly preview: Locator;
  readonly previewSummary: Locator;
  readonly diffLines: Locator;
  readonly dryRun: Locator;
  readonly previewResourceVersion: Locator;
  readonly approveButton: Locator;
  readonly rejectButton: Locator;
  readonly previewAgainButton: Locator;
  readonly rollBackButton: Locator;
  readonly confirmRollBackButton: Locator;
  readonly controlReason: Locator;
  readonly outcome: Locator;
  readonly execution: Locator;
  readonly executionGeneration: Locator;
  readonly executionTrace: Locator;
  readonly verification: Locator;
  readonly approvals: Locator;

  constructor(readonly root: Locator) {
    this.title = root.getByTestId("action-title");
    this.state = root.getByTestId("action-state");
    this.verdict = root.getByTestId("policy-verdict");
    this.reasons = root.getByTestId("policy-reason");
    this.failedReasons = root.locator('[data-testid="policy-reason"][data-ok="false"]');
    this.preview = root.getByTestId("action-preview");
    this.previewSummary = root.getByTestId("preview-summary");
    this.diffLines = root.getByTestId("diff-line");
    this.dryRun = root.getByTestId("dry-run");
    this.previewResourceVersion = root.getByTestId("preview-resource-version");
    this.approveButton = root.getByTestId("approve-button");
    this.rejectButton = root.getByTestId("reject-button");
    this.previewAgainButton = root.getByTestId("preview-again-button");
    this.rollBackButton = root.getByTestId("rollback-button");
    this.confirmRollBackButton = root.getByTestId("rollback-confirm-button");
    this.controlReason = root.getByTestId("control-reason");
    this.outcome = root.getByTestId("action-outcome");
    this.execution = root.getByTestId("execution-details");
    this.executionGeneration = root.getByTestId("execution-generation");
    this.executionTrace = root.getByTestId("execution-trace");
    this.verification = root.getByTestId("verification");
    this.approvals = root.getByTestId("approval");
  }

  /** A diff line by its sign and the field it shows. */
  diffLine(sign: "-" | "+", pathContains: string): Locator {
    return this.root.locator(`[data-testid="diff-line"][data-sign="${sign}"][data-path*="${pathContains}"]`);
  }
}
