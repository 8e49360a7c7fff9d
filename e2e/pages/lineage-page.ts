// Page object for /incidents/[id]/lineage: the chain's nodes by kind, each node's disclosure
// and record fields, and the trace id search box.
import { expect, type Locator, type Page } from "@playwright/test";

export class LineagePage {
  readonly title: Locator;
  readonly traceId: Locator;
  readonly chain: Locator;
  readonly nodes: Locator;
  readonly searchInput: Locator;
  readonly searchButton: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByTestId("lineage-title");
    this.traceId = page.getByTestId("lineage-trace-id");
    this.chain = page.getByTestId("lineage");
    this.nodes = page.getByTestId("lineage-node");
    this.searchInput = page.getByRole("searchbox", { name: "Look up a trace id" });
    this.searchButton = page.getByRole("button", { name: "Find incident" });
  }

  async goto(incidentId: string, nodeId?: string): Promise<void> {
    await this.page.goto(`/incidents/${incidentId}/lineage${nodeId ? `#${nodeId}` : ""}`);
    await this.expectLoaded(incidentId);
  }

  async expectLoaded(incidentId: string): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`/incidents/${incidentId}/lineage(#.*)?$`));
    await expect(this.title).toBeVisible();
  }

  /** The nodes of one kind (alert, evidence, model_call, rules, proposal, policy, approval, kubernetes_request, verification, rollback), in chain order. */
  node(kind: string): Locator {
    return this.page.locator(`[data-testid="lineage-node"][data-kind="${kind}"]`);
  }

  /** The button that opens and closes a node's record (it carries aria-expanded). */
  toggle(node: Locator): Locator {
    return node.getByRole("button").first();
  }

  async open(node: Locator): Promise<void> {
    const toggle = this.toggle(node);
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
  }

  /** A field of an open node's record, by its test id (record-request, record-approver, …). */
  field(node: Locator, testId: string): Locator {
    return node.getByTestId("lineage-record").getByTestId(testId);
  }

  async searchTrace(value: string): Promise<void> {
    await this.searchInput.fill(value);
    await this.searchButton.click();
  }
}
