// The pentest's probes, replayed against the production build in Chromium and over HTTP:
// each finding that did not hold (open redirect, secrets in alerts served raw, foreign
// origins on cookie routes, a deep webhook body, a group key from another namespace) and
// what held (roles, no script from alert text, links or Markdown, the webhook's token before
// its body, Next's origin check on server actions). Every server action's role check is held
// in lib/auth/every-action.integration.test.ts; the audit trail's roles and exported head in
// lib/db/roles.postgres.integration.test.ts and lib/audit/exported-head.integration.test.ts.
import { expect, test } from "@playwright/test";
import { alertmanagerPayload } from "@/lib/alerts/payload-builder";
import { E2E, baseURL } from "./config";
import { SignInPage, signedIn } from "./pages/sign-in-page";
import { IncidentCommandPanel } from "./pages/incident-command";
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

test.describe("what alerts and people write", () => {
  // Each payload would set window.pwned, or leave a trace in the DOM, were it rendered as HTML.
  const script = "<script>window.pwned = 'script'</script>";
  const image = `<img src="x" onerror="window.pwned = 'img'">`;
  const link = "[runbook](javascript:window.pwned='link')";

  test("is shown as text: no script runs from labels, annotations, runbook links or Markdown notes", async ({ browser, request }) => {
    const namespace = uniqueNamespace("xss");
    const payload = alertmanagerPayload({
      groupLabels: { alertname: "XssProbe", namespace },
      alerts: [
        {
          labels: { alertname: "XssProbe", namespace, deployment: "web", severity: "warning", probe: image },
          annotations: { summary: `probe ${script}`, description: `${image} ${link}`, runbook_url: "javascript:window.pwned='runbook'" },
          startsAt: new Date(),
        },
      ],
    });
    expect((await postWebhook(request, payload)).status()).toBe(200);
    const responder = await signedIn(browser, E2E.responderEmail, E2E.responderPassword);
    try {
      const { page } = responder;
      const dialogs: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await expect.poll(async () => (await listIncidents(page.request, namespace)).items.length).toBe(1);
      const [item] = (await listIncidents(page.request, namespace)).items;
      await page.goto(`/incidents/${item!.id}`);
      await expect(page.getByText("probe <script>", { exact: false }).first()).toBeVisible();
      const command = new IncidentCommandPanel(page);
      await command.addNote(`${script}\n\n${image}\n\n${link}\n\n[home](javascript:alert(1))`);
      await expect(command.noteOutcome).toHaveText("Note added.");
      await page.reload();
      await expect(command.notes.first()).toBeVisible();
      expect(await page.evaluate(() => (window as { pwned?: string }).pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      // Nothing the payloads carried became an element or a live link.
      await expect(page.locator('img[src="x"]')).toHaveCount(0);
      await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
      // The payloads appear in Next's page data (JSON in its own scripts), never as a script of their own.
      const injected = await page
        .locator("script")
        .evaluateAll((all) => all.filter((e) => e.textContent?.trim().startsWith("window.pwned")).length);
      expect(injected).toBe(0);
    } finally {
      await responder.close();
    }
  });
});

test.describe("server actions", () => {
  test("run for the console's own origin only: the same call from another origin changes nothing", async ({ browser, request }) => {
    const namespace = uniqueNamespace("origin");
    const payload = alertmanagerPayload({
      groupLabels: { alertname: "OriginProbe", namespace },
      alerts: [{ labels: { alertname: "OriginProbe", namespace, deployment: "web", severity: "warning" }, startsAt: new Date() }],
    });
    expect((await postWebhook(request, payload)).status()).toBe(200);
    const responder = await signedIn(browser, E2E.responderEmail, E2E.responderPassword);
    try {
      const { page } = responder;
      await expect.poll(async () => (await listIncidents(page.request, namespace)).items.length).toBe(1);
      const [item] = (await listIncidents(page.request, namespace)).items;
      await page.goto(`/incidents/${item!.id}`);
      const command = new IncidentCommandPanel(page);
      // The console's own call, captured as the browser sends it: a Next-Action request with the session cookie.
      const sent = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
      await command.addNote(`first note ${namespace}`);
      const original = await sent;
      await expect(command.noteOutcome).toHaveText("Note added.");
      const headers = await original.allHeaders();
      const replay = (origin: string) =>
        page.request.post(original.url(), {
          headers: { ...headers, origin, "content-type": headers["content-type"]! },
          data: original.postData()!.replace(`first note ${namespace}`, `forged note ${namespace}`),
          failOnStatusCode: false,
        });
      const forged = await replay("http://evil.example");
      expect(forged.status()).toBeGreaterThanOrEqual(400);
      const after = await getIncident(page.request, item!.id);
      expect(JSON.stringify(after)).not.toContain(`forged note ${namespace}`);
      // The control: the same replay from the console's origin goes through, so the refusal above was the origin's.
      expect((await replay(new URL(baseURL).origin)).status()).toBe(200);
      expect(JSON.stringify(await getIncident(page.request, item!.id))).toContain(`forged note ${namespace}`);
    } finally {
      await responder.close();
    }
  });
});
