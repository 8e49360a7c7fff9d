// Page object for the incident page's post-mortem section: draft (and its confirmation), the
// Write/Preview editor, save with its unsaved-changes state, the download link, the notices.
import type { Locator, Page } from "@playwright/test";

export class PostmortemSection {
  readonly root: Locator;
  readonly draftButton: Locator;
  readonly confirmDraftButton: Locator;
  readonly cancelDraftButton: Locator;
  readonly writeTab: Locator;
  readonly previewTab: Locator;
  readonly textarea: Locator;
  readonly preview: Locator;
  readonly saveButton: Locator;
  readonly saveState: Locator;
  readonly downloadLink: Locator;
  readonly outcome: Locator;
  readonly engine: Locator;
  readonly fallback: Locator;
  readonly readOnly: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId("postmortem");
    this.draftButton = this.root.getByTestId("postmortem-draft");
    this.confirmDraftButton = this.root.getByTestId("postmortem-draft-confirm");
    this.cancelDraftButton = this.root.getByTestId("postmortem-draft-cancel");
    this.writeTab = this.root.getByTestId("postmortem-tab-write");
    this.previewTab = this.root.getByTestId("postmortem-tab-preview");
    this.textarea = this.root.getByTestId("postmortem-textarea");
    this.preview = this.root.getByTestId("postmortem-preview");
    this.saveButton = this.root.getByTestId("postmortem-save");
    this.saveState = this.root.getByTestId("postmortem-save-state");
    this.downloadLink = this.root.getByTestId("postmortem-download");
    this.outcome = this.root.getByTestId("postmortem-outcome");
    this.engine = this.root.getByTestId("postmortem-engine");
    this.fallback = this.root.getByTestId("postmortem-fallback");
    this.readOnly = this.root.getByTestId("postmortem-readonly");
    this.empty = this.root.getByTestId("postmortem-empty");
  }
}
