// The pentest's probes, replayed against the production build in Chromium and over HTTP:
// each finding that did not hold (open redirect, secrets in alerts served raw, foreign
// origins on cookie routes, a deep webhook body, a group key from another namespace) and
// some of what did (roles, XSS in Markdown, the webhook's token before its body).
import { expect, test } from "@playwright/test";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { E2E, baseURL } from "./config";
import { SignInPage, signedIn } from "./pages/sign-in-page";
import { getIncident, listIncidents, postWebhook, signInWithApi, uniqueNamespace, WEBHOOK_PATH } from "./support/vigil-api";

test.describe("sign-in redirects", () => {
  // Every form that once left Vigil's origin after a valid sign-in, and the obvious ones.
  const hostile = [
    "/\\evil.example/a",
    "/\t/evil.example/b",
    "//evil.example/c",
    "/%5Cevil.example/d",
    "http://evil.example/e",
    "javascript:alert(1)",
  ];
  for (const callbackUrl of hostile) {
    test(`stays on Vigil for callbackUrl ${JSON.stringify(callbackUrl)}`, async ({ page }) => {
      await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      const signIn = new SignInPage(page);
      await signIn.expectLoaded();
      await signIn.signIn(E2E.viewerEmail, E2E.viewerPassword);
      // Signed in, the browser went somewhere: Vigil's list, or (an encoded backslash is
      // only a strange path) Vigil's own "not found". Never another site.
      await expect(page).not.toHaveURL(/\/signin/);
      await page.waitForLoadState();
      expect(new URL(page.url()).origin).toBe(baseURL);
    });
  }

  test("still goes where a same-origin callback says", async ({ page }) => {
    await page.goto(`/signin?callbackUrl=${encodeURIComponent("/audit")}`);
    await new SignInPage(page).signIn(E2E.viewerEmail, E2E.viewerPassword);
    await expect(page).toHaveURL(`${baseURL}/audit`);
  });
});

test.describe("cookie-authenticated routes", () => {
  test("refuse a state change from a foreign origin, or not in JSON, as an admin", async ({ playwright }) => {
    const api = await playwright.request.newContext({ baseURL });
    await signInWithApi(api, E2E.adminEmail, E2E.adminPassword);
    const before = (await (await api.get("/api/admin/api-keys")).json()) as { keys?: unknown[] } | unknown[];
    // The pentest's probe: text/plain from evil.example made a key (201).
    const foreign = await api.post("/api/admin/api-keys", {
      headers: { origin: "http://evil.example", "content-type": "text/plain" },
      data: JSON.stringify({ name: "csrf" }),
    });
    expect(foreign.status()).toBe(403);
    const form = await api.post("/api/admin/api-keys", { form: { name: "csrf" } });
    expect(form.status()).toBe(415);
    const demo = await api.post("/api/demo/faults", {
      headers: { origin: "http://evil.example", "content-type": "application/json" },
      data: { kind: "bad_deploy", namespace: "shop", name: "checkout" },
    });
    expect(demo.status()).toBe(403);
    const after = (await (await api.get("/api/admin/api-keys")).json()) as { keys?: unknown[] } | unknown[];
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
    await api.dispose();
  });

  test("answer a viewer's state change with forbidden, and a caller without a session with 401", async ({ playwright }) => {
    const anonymous = await playwright.request.newContext({ baseURL });
    expect((await anonymous.get("/api/incidents")).status()).toBe(401);
    const viewer = await playwright.request.newContext({ baseURL });
    await signInWithApi(viewer, E2E.viewerEmail, E2E.viewerPassword);
    expect((await viewer.post("/api/admin/api-keys", { data: { name: "nope" } })).status()).toBe(403);
    await Promise.all([anonymous.dispose(), viewer.dispose()]);
  });
});

test.describe("the webhook", () => {
  test("checks its token before reading the body, and answers a hostile body with a 400, never a 5xx", async ({ request }) => {
    expect((await postWebhook(request, { not: "even read" }, "wrong-token")).status()).toBe(401);
    const deep = `{"version":"4","alerts":[{"labels":{"alertname":"x"},"x":${"[".repeat(10_000)}${"]".repeat(10_000)}}]}`;
    const nested = await request.post(WEBHOOK_PATH, {
      headers: { authorization: `Bearer ${E2E.webhookToken}`, "content-type": "application/json" },
      data: deep,
    });
    expect(nested.status()).toBe(400);
    expect(await nested.text()).toContain("64 levels");
    const labels = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`l${i}`, "v"]));
    const many = await postWebhook(
      request,
      alertmanagerPayload({
        groupLabels: { alertname: "Wide" },
        alerts: [{ labels: { alertname: "Wide", ...labels }, startsAt: new Date() }],
      }),
    );
    expect(many.status()).toBe(400);
    expect(await many.text()).toContain("at most 128 labels");
  });

  test("stores and serves no secret an alert carries", async ({ browser, request }) => {
    const namespace = uniqueNamespace("secret");
    const payload = alertmanagerPayload({
      groupLabels: { alertname: "LoginFailures", namespace },
      alerts: [
        {
          labels: { alertname: "LoginFailures", namespace, deployment: "auth", severity: "warning" },
          annotations: { summary: "login failures on auth", description: "password=hunter2 Authorization: Bearer abc.def.ghi" },
          startsAt: new Date(),
        },
      ],
    });
    expect((await postWebhook(request, payload)).status()).toBe(200);
    const viewer = await signedIn(browser, E2E.viewerEmail, E2E.viewerPassword);
    await expect.poll(async () => (await listIncidents(viewer.page.request, namespace)).items.length).toBe(1);
    const [item] = (await listIncidents(viewer.page.request, namespace)).items;
    const served = [
      JSON.stringify(await getIncident(viewer.page.request, item!.id)),
      await (await viewer.page.request.get(`/api/incidents/${item!.id}/lineage`)).text(),
    ];
    await viewer.page.goto(`/incidents/${item!.id}`);
    await expect(viewer.page.getByText("login failures on auth").first()).toBeVisible();
    served.push(await viewer.page.content());
    for (const text of served) for (const secret of ["hunter2", "abc.def.ghi"]) expect(text).not.toContain(secret);
    await viewer.close();
  });

  test("keeps an alert about another namespace out of an incident whose group key it carries", async ({ request, playwright }) => {
    const shop = uniqueNamespace("shop");
    const media = uniqueNamespace("media");
    const groupKey = `{}:{alertname="HighErrorRate", probe="${shop}"}`;
    const about = (namespace: string, deployment: string) => ({
      ...alertmanagerPayload({
        groupLabels: { alertname: "HighErrorRate" },
        alerts: [{ labels: { alertname: "HighErrorRate", namespace, deployment }, startsAt: new Date() }],
      }),
      groupKey,
    });
    expect((await postWebhook(request, about(shop, "checkout"))).status()).toBe(200);
    expect((await postWebhook(request, about(media, "thumbnailer"))).status()).toBe(200);
    const api = await playwright.request.newContext({ baseURL });
    await signInWithApi(api, E2E.viewerEmail, E2E.viewerPassword);
    const [shopList, mediaList] = await Promise.all([listIncidents(api, shop), listIncidents(api, media)]);
    expect(shopList.items).toHaveLength(1);
    expect(mediaList.items).toHaveLength(1);
    expect(mediaList.items[0]!.id).not.toBe(shopList.items[0]!.id);
    await api.dispose();
  });
});
