// End-to-end: Debian's chromium, driven by playwright-core, against the running platform with the demo data
// (scripts/console-test.sh starts it). The tests run in order and share the demo tenant.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

const base = process.env.THALIAN_URL ?? "http://127.0.0.1:8080";
const demo = JSON.parse(readFileSync(process.env.THALIAN_DEMO_STATE ?? "../../../.run/demo-tenant.json", "utf8"));
const artifacts = process.env.THALIAN_ARTIFACTS ?? "test-results";
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// The demo's open findings, as the demo's own check (scripts/demo.sh --verify) expects them.
const demoFindings = JSON.parse(readFileSync(new URL("../../../../deploy/demo/expected-findings.json", import.meta.url), "utf8")).findings.length;
const sandbox = { accessKeyId: "AKIADEMODEVAUDIT0001", secretAccessKey: "DemoDevAuditSecretKey000000000000000002B" };

let browser;
let admin; // a page signed in with the demo's admin key
const pagesToCheck = []; // [name, path] visited by the accessibility and screenshot test

async function api(path, { key = demo.key, method = "GET", body } = {}) {
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

async function signIn(key) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const page = await context.newPage();
  await page.goto(base + "/findings?status=open");
  await page.waitForURL(/\/signin$/);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Sections" }).waitFor();
  return page;
}

const rows = (page) => page.locator("table tbody tr");

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
});

test("signing in with a key shows the demo's open findings; the key is kept nowhere in the browser", async () => {
  admin = await signIn(demo.key);

  await admin.waitForURL(/\/findings\?status=open$/);
  await rows(admin).first().waitFor();
  assert.equal(await rows(admin).count(), demoFindings);
  // The README's picture of the findings page: the whole demo, before any test changes it.
  await admin.screenshot({ path: join(artifacts, "findings-demo.png") });
  const storage = await admin.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  assert.ok(!storage.includes(demo.key), "the API key is in browser storage");
  const [cookie] = (await admin.context().cookies()).filter((c) => c.name === "thalian_session");
  assert.ok(cookie, "no session cookie");
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, "Strict");
  assert.ok(!cookie.value.includes(demo.key));
});

test("a session write without the CSRF header is refused", async () => {
  const status = await admin.evaluate(async () => (await fetch("/api/v1/settings", {
    method: "PUT", headers: { "Content-Type": "application/json" }, body: "{}",
  })).status);
  assert.equal(status, 403);
});

test("filtering by rule puts the filter in the URL and shows only that rule's findings", async () => {
  const expected = (await api("/api/v1/findings?status=open&rule=stale-iam-user")).body.items.length;
  assert.ok(expected > 0 && expected < demoFindings);

  await admin.getByLabel("Rule").selectOption("stale-iam-user");

  await admin.waitForURL(/rule=stale-iam-user/);
  await admin.waitForFunction((n) => document.querySelectorAll("table tbody tr").length === n, expected);
  const shared = await browser.newContext().then((c) => c.newPage());
  await shared.goto(admin.url());
  await shared.waitForURL(/\/signin$/); // a shared link still needs a session of its own
  await shared.context().close();
});

test("suppressing a finding with an expiry takes it out of the open list", async () => {
  await admin.goto(base + "/findings?status=open");
  await rows(admin).first().waitFor();
  const link = rows(admin).first().locator("a.row-link");
  const title = await link.textContent();
  await link.click();
  await admin.getByRole("heading", { level: 1, name: title }).waitFor();
  const findingId = admin.url().split("/").pop();
  pagesToCheck.push(["finding", `/findings/${findingId}`]);

  await admin.getByLabel("Reason").fill("Accepted for the quarter: break-glass user, reviewed by security");
  await admin.getByLabel("Expires").fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  await admin.getByRole("button", { name: "Suppress", exact: true }).click();
  await admin.getByRole("button", { name: "Unsuppress" }).waitFor();

  const detail = (await api(`/api/v1/findings/${findingId}`)).body;
  assert.equal(detail.finding.status, "suppressed");
  assert.ok(detail.suppressedUntil, "no expiry recorded");
  await admin.goto(base + "/findings?status=open");
  await admin.waitForFunction((n) => document.querySelectorAll("table tbody tr").length === n, demoFindings - 1);
  assert.equal(await admin.locator(`a[href="/findings/${findingId}"]`).count(), 0);
});

test("connecting AWS: a malformed key id is stopped inline without a request, a valid emulator key connects and syncs", async () => {
  await admin.goto(base + "/integrations");
  const existing = admin.getByRole("listitem", { name: /Kestrel sandbox/ });
  await existing.getByRole("button", { name: "Disconnect" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Disconnect" }).click();
  await existing.waitFor({ state: "detached" });

  await admin.getByRole("link", { name: "Connect an integration" }).click();
  await admin.getByRole("link", { name: "Connect AWS IAM" }).click();
  const sent = [];
  admin.on("request", (request) => { if (request.url().includes("/api/v1/integrations/aws") && request.method() === "POST") sent.push(request.url()); });
  await admin.getByLabel("Display name").fill("Kestrel sandbox again");
  await admin.getByLabel("Access Key ID").fill("AKIA123");
  await admin.getByLabel("Secret Access Key").fill(sandbox.secretAccessKey);
  await admin.getByRole("button", { name: "Connect", exact: true }).click();
  const error = admin.locator("#field-accessKeyId-error");
  await error.waitFor();
  assert.match(await error.textContent(), /starts with AKIA/);
  assert.equal(await admin.getByLabel("Access Key ID").getAttribute("aria-invalid"), "true");
  await admin.getByLabel("Secret Access Key").fill(sandbox.secretAccessKey + "\n x");
  await admin.locator("#field-secretAccessKey-error").waitFor();
  assert.match(await admin.locator("#field-secretAccessKey-error").textContent(), /space or a line break/);
  assert.deepEqual(sent, [], "a request left the browser");
  pagesToCheck.push(["connect-aws", "/integrations/connect/aws"]);

  await admin.getByLabel("Access Key ID").fill(sandbox.accessKeyId);
  await admin.getByLabel("Secret Access Key").fill(sandbox.secretAccessKey);
  await admin.getByRole("button", { name: "Connect", exact: true }).click();
  await admin.waitForURL(/\/integrations$/);
  assert.equal(sent.length, 1);
  const card = admin.getByRole("listitem", { name: /Kestrel sandbox again/ });
  await card.locator(".badge", { hasText: "synced" }).waitFor({ timeout: 120_000 });
  assert.match(await card.textContent(), /444455556666/);
});

/** A webhook subscriber on a free loopback port: answers `status`, records what it receives. */
async function webhookReceiver() {
  const receiver = { status: 200, received: [], url: "" };
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => { body += chunk; });
    request.on("end", () => {
      receiver.received.push({ headers: request.headers, body, status: receiver.status });
      response.writeHead(receiver.status).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${server.address().port}/thalian`;
  receiver.close = () => new Promise((resolve) => server.close(resolve));
  return receiver;
}

const until = async (what, check) => {
  for (let i = 0; i < 240; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.fail(`timed out waiting for ${what}`);
};

test("delivery destinations: add a webhook, it delivers; test and resync; a refusing receiver shows why; edit resumes; secrets never shown", async () => {
  const receiver = await webhookReceiver();
  const secret = "whsec_" + randomBytes(32).toString("base64");
  const open = (await api("/api/v1/findings?status=open&limit=200")).body.items.length;
  try {
    await admin.goto(base + "/integrations");
    await admin.getByRole("link", { name: "Add a destination" }).click();
    await admin.getByRole("link", { name: "Add Webhook" }).click();
    pagesToCheck.push(["destination-new", "/integrations/destinations/new/webhook"]);
    await admin.getByRole("button", { name: "Add destination" }).click();
    await admin.locator("#field-displayName-error").waitFor(); // required inline, nothing sent
    await admin.getByLabel("Display name").fill("E2E webhook");
    await admin.getByLabel("URL").fill(receiver.url);
    await admin.getByLabel("Signing secret").fill(secret);
    await admin.getByRole("button", { name: "Add destination" }).click();
    await admin.waitForURL(/\/integrations$/);

    // A new destination starts with the tenant's open findings, then the card settles: nothing waiting, a last success.
    await until(`${open} deliveries`, () => receiver.received.length >= open);
    const card = admin.getByRole("listitem", { name: "E2E webhook (Webhook)" });
    await card.locator(".badge", { hasText: "active" }).waitFor();
    await admin.waitForFunction(() => /Backlog0/.test(document.querySelector("[aria-label='E2E webhook (Webhook)']")?.textContent ?? ""));
    assert.doesNotMatch(await card.textContent(), /Last successnever/);
    assert.match(await card.textContent(), /signingSecret \(set\)/);
    assert.ok(receiver.received.every((r) => r.headers["webhook-signature"]?.startsWith("v1,")), "an unsigned delivery");

    const before = receiver.received.length;
    await card.getByRole("button", { name: "Send test event" }).click();
    await card.getByText("Test event delivered (HTTP 200).").waitFor();
    assert.equal(receiver.received.length, before + 1);
    assert.match(receiver.received.at(-1).body, /"type":"finding\.test"/);

    receiver.status = 401;
    await card.getByRole("button", { name: "Resync" }).click();
    const queued = Number((await card.getByText(/^Resync queued \d+ open findings\.$/).textContent()).match(/\d+/)[0]);
    assert.ok(queued >= open, `resync queued ${queued} of ${open} open findings`);
    await card.locator(".badge", { hasText: "failing" }).waitFor({ timeout: 60_000 });
    assert.match(await card.getByRole("note").textContent(), /rejected the credentials \(HTTP 401\)/);
    await admin.screenshot({ path: join(artifacts, "integrations-destination-failing.png"), fullPage: true });

    receiver.status = 200;
    await card.getByRole("link", { name: "Edit" }).click();
    await admin.getByRole("heading", { level: 1, name: "Edit E2E webhook" }).waitFor();
    assert.equal(await admin.getByLabel("URL").inputValue(), receiver.url);
    assert.equal(await admin.getByLabel(/Signing secret/).inputValue(), "", "a stored secret is shown");
    await admin.getByLabel("Display name").fill("E2E webhook, edited");
    await admin.getByRole("button", { name: "Save destination" }).click();
    await admin.waitForURL(/\/integrations$/);
    const edited = admin.getByRole("listitem", { name: "E2E webhook, edited (Webhook)" });
    await edited.locator(".badge", { hasText: "active" }).waitFor({ timeout: 60_000 });
    await until("the resync delivered after the fix", () => receiver.received.filter((r) => r.status === 200).length >= before + 1 + queued);

    const listed = await api("/api/v1/destinations");
    assert.ok(!JSON.stringify(listed.body).includes(secret.slice(6)), "the API returned the secret");
    assert.ok(!(await admin.content()).includes(secret.slice(6)), "the page shows the secret");

    const doomed = await api("/api/v1/destinations", { method: "POST", body: {
      type: "webhook", displayName: "E2E to delete", settings: { url: receiver.url }, secrets: { signingSecret: secret } } });
    assert.equal(doomed.status, 201);
    await admin.reload();
    const doomedCard = admin.getByRole("listitem", { name: "E2E to delete (Webhook)" });
    await doomedCard.getByRole("button", { name: "Delete" }).click();
    await doomedCard.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await doomedCard.waitFor({ state: "detached" });
    assert.equal((await api(`/api/v1/destinations/${doomed.body.id}`)).status, 404);
  } finally {
    await receiver.close();
  }
});

test("a reader sees no write controls and the server refuses its writes anyway", async () => {
  const created = await api("/api/v1/keys", { method: "POST", body: { name: "e2e reader", role: "reader" } });
  assert.equal(created.status, 201);
  const reader = await signIn(created.body.key);
  const findingId = pagesToCheck.find(([name]) => name === "finding")[1].split("/").pop();

  await reader.goto(base + `/findings/${findingId}`);
  await reader.getByRole("heading", { name: "History" }).waitFor();
  assert.equal(await reader.getByRole("button", { name: /Suppress|Unsuppress/ }).count(), 0);
  await reader.goto(base + "/integrations");
  await reader.getByRole("listitem", { name: /Kestrel production/ }).waitFor();
  await reader.getByRole("listitem", { name: /E2E webhook, edited/ }).waitFor();
  for (const name of ["Sync now", "Disconnect", "Edit credentials", "Connect an integration", "Send test event", "Resync", "Edit", "Delete", "Add a destination"]) {
    assert.equal(await reader.getByText(name, { exact: true }).count(), 0, `reader sees "${name}"`);
  }
  await reader.goto(base + "/settings");
  await reader.getByRole("group", { name: /Thresholds/ }).waitFor();
  assert.equal(await reader.getByRole("button", { name: "Save settings" }).count(), 0);
  assert.equal(await reader.getByRole("heading", { name: "API keys" }).count(), 0);

  const refused = await reader.evaluate(async () => {
    const session = await (await fetch("/api/v1/session")).json();
    const response = await fetch("/api/v1/settings", {
      method: "PUT", headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrfToken }, body: "{}",
    });
    return { role: session.role, status: response.status };
  });
  assert.deepEqual(refused, { role: "reader", status: 403 });
  await reader.context().close();
});

test("every page has no serious or critical accessibility violation, in light and dark, and is screenshotted", async () => {
  const identities = (await api("/api/v1/identities?kind=iam-user&limit=1")).body.items;
  const pages = [
    ["overview", "/"], ["findings", "/findings?status=open"], ...pagesToCheck,
    ["identities", "/identities"], ["identity", `/identities/${identities[0].id}`],
    ["integrations", "/integrations"], ["browse", "/integrations/browse"], ["settings", "/settings"],
  ];
  const failures = [];
  for (const theme of ["light", "dark"]) {
    await admin.emulateMedia({ colorScheme: theme });
    await admin.evaluate((t) => localStorage.setItem("thalian-theme", t), theme);
    for (const [name, path] of pages) {
      await admin.goto(base + path);
      await admin.locator("main h1").first().waitFor();
      await admin.waitForFunction(() => !document.querySelector("[role=status] .spinner"));
      await admin.screenshot({ path: join(artifacts, `${name}-${theme}.png`), fullPage: true });
      const results = await new AxeBuilder({ page: admin }).analyze();
      for (const v of results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        failures.push(`${name} (${theme}): ${v.id} — ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      }
    }
  }
  await admin.setViewportSize({ width: 390, height: 844 });
  for (const [name, path] of [["findings", "/findings?status=open"], ["overview", "/"], ["integrations", "/integrations"]]) {
    await admin.goto(base + path);
    await admin.locator("main h1").first().waitFor();
    await admin.waitForFunction(() => !document.querySelector("[role=status] .spinner"));
    await admin.screenshot({ path: join(artifacts, `${name}-390.png`), fullPage: true });
    const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${name} scrolls sideways at 390 px (${overflow} px)`);
  }
  await admin.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(failures, []);
});

test("the sign-in page is accessible and keyboard-only sign-in works", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + "/");
  await page.waitForURL(/\/signin$/);
  await page.screenshot({ path: join(artifacts, "signin-light.png") });
  const results = await new AxeBuilder({ page }).analyze();
  assert.deepEqual(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id), []);
  await page.keyboard.press("Tab"); // the key field is the first control
  await page.keyboard.type(demo.key);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Overview" }).waitFor();
  await context.close();
});

test("signing out ends the session", async () => {
  await admin.goto(base + "/");
  await admin.getByRole("button", { name: "Sign out" }).click();
  await admin.waitForURL(/\/signin$/);
  const status = await admin.evaluate(async () => (await fetch("/api/v1/session")).status);
  assert.equal(status, 401);
  assert.equal((await admin.context().cookies()).filter((c) => c.name === "thalian_session").length, 0);
  await admin.goto(base + "/findings");
  await admin.waitForURL(/\/signin$/);
});
