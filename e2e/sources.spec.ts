// Ingestion sources: an admin creates an API key in the console, sees its secret once, and a
// service pushes metrics with it; revoked, the same key is refused.
import { expect, test } from "@playwright/test";
import { E2E } from "./config";
import { SignInPage } from "./pages/sign-in-page";

test("an admin creates an ingest key, a service pushes metrics with it, and a revoked key is refused", async ({ page, request }) => {
  await page.goto("/");
  await new SignInPage(page).signIn(E2E.adminEmail, E2E.adminPassword);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sources" }).click();
  const name = `checkout-${Date.now()}`;
  await page.getByTestId("api-key-name").fill(name);
  await page.getByRole("checkbox", { name: "ingest:metrics" }).check();
  await page.getByTestId("api-key-create").click();
  const secret = (await page.getByTestId("api-key-secret").locator("code").textContent())!;
  expect(secret).toMatch(/^vgk_/);

  const push = () =>
    request.post("/api/ingest/metrics", {
      headers: { authorization: `Bearer ${secret}` },
      data: {
        points: [
          {
            service: "checkout",
            name: "http_request_duration_p99_ms",
            value: 231,
            labels: { region: "eu" },
            timestamp: new Date().toISOString(),
          },
        ],
      },
    });
  const accepted = await push();
  expect(accepted.status(), await accepted.text()).toBe(202);
  expect(await accepted.json()).toMatchObject({ accepted: 1 });

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect.poll(async () => (await push()).status(), { timeout: 10_000 }).toBe(401);
});
