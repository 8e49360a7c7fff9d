// Page object for /overview: the range picker, headline numbers, the four charts and the noisy-alerts table.
import { expect, type Locator, type Page } from "@playwright/test";

export const CHARTS = ["incidents", "alerts", "mtta", "mttr", "noisy"] as const;

export class OverviewPage {
  readonly heading: Locator;
  readonly rangePicker: Locator;
  readonly status: Locator;
  readonly headline: Locator;
  readonly noisyTable: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Overview" });
    this.rangePicker = page.getByTestId("range-picker");
    this.status = page.getByTestId("overview-status");
    this.headline = page.getByTestId("overview-headline");
    this.noisyTable = page.getByTestId("noisy-table");
  }

  async goto(query = ""): Promise<void> {
    await this.page.goto(`/overview${query}`);
    await expect(this.heading).toBeVisible();
  }

  chart(name: (typeof CHARTS)[number]): Locator {
    return this.page.getByTestId(`chart-${name}`);
  }

  /** The drawing's svg (recharts' surface), once the chart has measured its box. */
  drawing(name: (typeof CHARTS)[number]): Locator {
    return this.chart(name).locator(".recharts-wrapper > svg.recharts-surface");
  }

  /** The chart's box: role img, its aria-label the sentence a screen reader hears. */
  summary(name: (typeof CHARTS)[number]): Locator {
    return this.chart(name).locator('.chart-body[role="img"]');
  }

  stat(id: string): Locator {
    return this.page.getByTestId(`stat-${id}`).locator(".stat-value");
  }

  range(label: string): Locator {
    return this.rangePicker.getByRole("link", { name: label });
  }
}
