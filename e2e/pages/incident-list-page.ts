// Page object for the incident list (/): rows and their owners, state chips, filters and sort, and opening one incident.
import { expect, type Locator, type Page } from "@playwright/test";

export class IncidentListPage {
  readonly heading: Locator;
  readonly rows: Locator;
  readonly search: Locator;
  readonly namespace: Locator;
  readonly severity: Locator;
  readonly owner: Locator;
  readonly sort: Locator;
  readonly apply: Locator;
  readonly status: Locator;
  readonly empty: Locator;
  /** What the `a` key did: the acknowledgement's outcome. */
  readonly commandOutcome: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Incidents" });
    this.rows = page.getByTestId("incident-row");
    this.search = page.getByTestId("incident-search");
    this.namespace = page.getByTestId("incident-namespace");
    this.severity = page.getByTestId("incident-severity");
    this.owner = page.getByTestId("incident-owner");
    this.sort = page.getByTestId("incident-sort");
    this.apply = page.getByRole("button", { name: "Apply" });
    this.status = page.getByTestId("incidents-status");
    this.empty = page.getByTestId("incidents-empty");
    this.commandOutcome = page.getByTestId("list-command-outcome");
  }

  async goto(search = ""): Promise<void> {
    await this.page.goto(`/${search}`);
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page).toHaveURL(/\/(\?.*)?$/);
    await expect(this.heading).toBeVisible();
  }

  /** The row of one incident, by its id (rows carry data-incident-id). */
  row(incidentId: string): Locator {
    return this.page.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
  }

  /** The chip filtering by a state ("all" for none), with its count. */
  stateChip(state: string): Locator {
    return this.page.getByTestId(`state-tab-${state}`);
  }

  /** The ids of the rows shown, top to bottom. */
  async rowIds(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-incident-id") ?? ""));
  }

  async filterByNamespace(namespace: string): Promise<void> {
    await this.namespace.fill(namespace);
    await this.apply.click();
  }

  /** Who owns the incident of a row ("Unowned" when nobody does). */
  ownerOf(incidentId: string): Locator {
    return this.row(incidentId).getByTestId("incident-owner-cell");
  }

  async open(incidentId: string): Promise<void> {
    await this.row(incidentId).getByTestId("incident-link").click();
  }
}
