// Page object for the incident list (/): rows, and opening one incident.
import { expect, type Locator, type Page } from "@playwright/test";

export class IncidentListPage {
  readonly heading: Locator;
  readonly rows: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Incidents" });
    this.rows = page.getByTestId("incident-row");
  }

  async goto(): Promise<void> {
    await this.page.goto("/");
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page).toHaveURL(/\/$/);
    await expect(this.heading).toBeVisible();
  }

  /** The row of one incident, by its id (rows carry data-incident-id). */
  row(incidentId: string): Locator {
    return this.page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
  }

  async open(incidentId: string): Promise<void> {
    await this.row(incidentId).getByTestId("incident-link").click();
  }
}
