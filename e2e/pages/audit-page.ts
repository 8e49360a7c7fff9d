// Page object for /audit: the chain-integrity verdict, the filter form, the events table and the refusal non-admins see.
import { expect, type Locator, type Page } from "@playwright/test";

export class AuditPage {
  readonly heading: Locator;
  readonly chainStatus: Locator;
  readonly chainVerdict: Locator;
  readonly verifyAgainButton: Locator;
  readonly actionFilter: Locator;
  readonly actorFilter: Locator;
  readonly applyButton: Locator;
  readonly rows: Locator;
  readonly empty: Locator;
  readonly error: Locator;
  readonly refused: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Audit log" });
    this.chainStatus = page.getByTestId("chain-status");
    this.chainVerdict = page.getByTestId("chain-verdict");
    this.verifyAgainButton = page.getByTestId("verify-again");
    this.actionFilter = page.getByLabel("Action");
    this.actorFilter = page.getByLabel("Actor");
    this.applyButton = page.getByTestId("audit-filter-apply");
    this.rows = page.getByTestId("audit-row");
    this.empty = page.getByTestId("audit-empty");
    this.error = page.getByTestId("audit-error");
    this.refused = page.getByTestId("audit-refused");
  }

  async goto(search = ""): Promise<void> {
    await this.page.goto(`/audit${search}`);
    await expect(this.heading).toBeVisible();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page).toHaveURL(/\/audit(\?|$)/);
    await expect(this.heading).toBeVisible();
    await expect(this.chainStatus).toBeVisible();
  }

  async filterByAction(action: string): Promise<void> {
    await this.actionFilter.selectOption(action);
    await this.applyButton.click();
  }

  /** The rows of one action done by one actor (as the table names them). */
  rowsOf(action: string, actor: string): Locator {
    return this.page
      .locator(`[data-testid="audit-row"][data-action="${action}"]`)
      .filter({ has: this.page.getByTestId("audit-actor").filter({ hasText: actor }) });
  }
}
