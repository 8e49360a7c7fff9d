// Page object for /signin: the credentials form and its error message.
import { expect, type Browser, type Locator, type Page } from "@playwright/test";

export class SignInPage {
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.email = page.getByTestId("signin-email");
    this.password = page.getByTestId("signin-password");
    this.submit = page.getByTestId("signin-submit");
    this.error = page.getByTestId("signin-error");
  }

  async goto(): Promise<void> {
    await this.page.goto("/signin");
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page).toHaveURL(/\/signin(\?|$)/);
    await expect(this.email).toBeVisible();
    await expect(this.password).toBeVisible();
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.email.fill(email);
    await this.password.fill(password);
    await this.submit.click();
  }
}

/** A page in a browser context of its own, signed in as `email`: several people at once. */
export async function signedIn(browser: Browser, email: string, password: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/");
  await new SignInPage(page).signIn(email, password);
  await expect(page.getByTestId("current-user")).toContainText(email);
  return { page, close: () => context.close() };
}
