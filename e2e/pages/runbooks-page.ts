// Page objects for /runbooks (the library: search, upload, list) and /runbooks/[id] (one
// runbook, chunk by chunk).
import { expect, type Locator, type Page } from "@playwright/test";

export class RunbooksPage {
  readonly file: Locator;
  readonly upload: Locator;
  readonly outcome: Locator;
  readonly rows: Locator;
  readonly search: Locator;
  readonly hits: Locator;

  constructor(readonly page: Page) {
    this.file = page.getByTestId("runbook-file");
    this.upload = page.getByTestId("runbook-upload");
    this.outcome = page.getByTestId("runbook-outcome");
    this.rows = page.getByTestId("runbook-row");
    this.search = page.getByTestId("runbook-q");
    this.hits = page.getByTestId("runbook-hit");
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page).toHaveURL(/\/runbooks(\?|$)/);
    await expect(this.page.getByRole("heading", { level: 1, name: "Runbooks" })).toBeVisible();
    await expect(this.page.getByTestId("runbook-table")).toBeVisible();
  }

  row(slug: string): Locator {
    return this.page.locator(`[data-testid="runbook-row"][data-slug="${slug}"]`);
  }

  async uploadFile(name: string, text: string): Promise<void> {
    await this.file.setInputFiles({ name, mimeType: "text/markdown", buffer: Buffer.from(text, "utf8") });
    await this.upload.click();
  }
}

export class RunbookPage {
  readonly title: Locator;
  readonly chunks: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId("runbook-title");
    this.chunks = page.getByTestId("runbook-chunk");
  }

  chunk(ordinal: number): Locator {
    return this.page.locator(`[data-testid="runbook-chunk"][data-ordinal="${ordinal}"]`);
  }
}
