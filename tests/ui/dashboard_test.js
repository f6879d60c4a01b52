// End-to-end test of the operator dashboard: the real dms-host serves /ui, headless Chromium (Debian's
// chromium, driven by playwright-core) clicks through it like an operator:
//   sign in → submit a task in the form and watch it run to completion → cancel another → change a
//   queued task's priority → block a user and see their submission refused → the global block →
//   the filters; plus the static route's answers (content types, 404s, no path escapes).
// A screenshot of the dashboard is kept in --artifacts. Fails (never skips) when chromium is missing.
//
// node dashboard_test.js --host build/host/dms-host --plugins build/plugins --ui ui \
//                        --chromium /usr/bin/chromium --artifacts build/tests/ui/artifacts

"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require("playwright-core");
const { startHost, apiClient } = require("./host.js");

const TOKEN = "ui-test-operator-token";

function options() {
  const args = process.argv.slice(2);
  const value = (name) => {
    const at = args.indexOf(`--${name}`);
    if (at < 0 || at + 1 >= args.length) throw new Error(`missing --${name}`);
    return args[at + 1];
  };
  return { host: value("host"), plugins: value("plugins"), ui: value("ui"), chromium: value("chromium"),
    artifacts: value("artifacts") };
}

// Polls `check` (sync or async) until it returns something truthy.
async function eventually(what, check, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const row = (id, status) => `#task-rows tr[data-task-id="${id}"]${status ? `[data-status="${status}"]` : ""}`;
const field = (name) => `#detail-fields dd[data-field="${name}"]`;

async function signIn(page, base) {
  await page.goto(`${base}/ui`);
  await page.locator("#login").waitFor();
  await page.fill("#token", "not-the-token");
  await page.click("#login-form button[type=submit]");
  await page.locator("#notice", { hasText: "wrong" }).waitFor();
  await page.fill("#token", TOKEN);
  await page.click("#login-form button[type=submit]");
  await page.locator('#connection[data-state="ok"]').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem("dms.operatorToken")), TOKEN);
}

async function submitInForm(page, { service, user, params, priority = "low" }) {
  await page.selectOption("#submit-service", service);
  await page.fill("#submit-user", user);
  await page.fill("#submit-params", params);
  await page.selectOption("#submit-priority", priority);
  await page.click("#submit-form button[type=submit]");
}

async function watchATaskRun(page, api) {
  await submitInForm(page, { service: "sleep", user: "alice", params: "seconds=3", priority: "high" });
  const notice = await page.locator("#notice", { hasText: "Submitted sleep task" }).textContent();
  const id = /task (\S+) for alice/.exec(notice)[1];
  // The detail opens on the new task; it runs, reports progress, and completes.
  await page.locator(`${field("status")}:text-is("running")`).waitFor();
  await eventually("progress in the detail", () =>
    page.$eval("#detail-progress", (bar) => bar.value > 0 && bar.value < 1));
  assert.match(await page.textContent("#detail-progress-text"), /seconds/);
  await page.locator(row(id, "completed")).waitFor({ timeout: 10000 });
  await page.locator(`${field("status")}:text-is("completed")`).waitFor();
  const logs = await page.textContent("#detail-logs");
  assert.match(logs, /Task queued/);
  assert.match(logs, /Started on host/);
  assert.equal(await page.textContent(field("attempts")), "1");
  assert.equal((await api("GET", `/admin/tasks/${id}`)).body.status, "completed");
  return id;
}

async function cancelAnother(page, api) {
  const submitted = await api("POST", "/services/sleep/users/carol/tasks", { parameters: { seconds: 60 } });
  assert.equal(submitted.status, 202);
  const id = submitted.body.task_id;
  await page.locator(row(id, "running")).waitFor();
  await page.click(row(id));
  await page.locator(`${field("status")}:text-is("running")`).waitFor();
  await page.click("#detail-cancel");
  await page.locator(row(id, "cancelled")).waitFor();
  assert.equal((await api("GET", `/admin/tasks/${id}`)).body.status, "cancelled");
  assert.ok(await page.isDisabled("#detail-cancel"), "a cancelled task cannot be cancelled again");
}

async function changeAPriority(page, api) {
  // One worker: the blocker runs, the other task waits in the low queue.
  const blocker = (await api("POST", "/services/sleep/users/dave/tasks", { parameters: { seconds: 60 } })).body;
  const waiting = (await api("POST", "/services/sleep/users/erin/tasks", { parameters: { seconds: 1 } })).body;
  await page.locator(row(waiting.task_id, "queued")).waitFor();
  await page.locator('[data-testid="queued-low"]:text-is("1")').waitFor();
  await page.click(row(waiting.task_id));
  await page.locator(`${field("status")}:text-is("queued")`).waitFor();
  await page.selectOption("#detail-priority", "high");
  await page.click("#detail-set-priority");
  await page.locator(`${field("priority")}:text-is("high")`).waitFor();
  await page.locator('[data-testid="queued-high"]:text-is("1")').waitFor();
  await page.locator('[data-testid="queued-low"]:text-is("0")').waitFor();
  const task = (await api("GET", `/admin/tasks/${waiting.task_id}`)).body;
  assert.equal(task.priority, "high");
  assert.ok(task.logs.some((line) => /priority/i.test(line)), "the priority change is logged on the task");
  await api("POST", `/admin/tasks/${blocker.task_id}/cancel`);
}

async function blockAUser(page, api) {
  await page.fill("#block-user", "bob");
  await page.click('#block-form button[value="block"]');
  await page.locator('#blocked-users li[data-user="bob"]').waitFor();
  assert.deepEqual((await api("GET", "/admin/blocks")).body.blocked_users, ["bob"]);

  await submitInForm(page, { service: "noop", user: "bob", params: "" });
  await page.locator('#notice[data-kind="error"]', { hasText: "503 blocked" }).waitFor();
  assert.equal((await api("POST", "/services/noop/users/bob/tasks", {})).status, 503);

  await page.click('#blocked-users button[data-unblock="bob"]');
  await page.locator("#blocked-users li.muted", { hasText: "No user is blocked" }).waitFor();
  assert.equal((await api("POST", "/services/noop/users/bob/tasks", {})).status, 202);
}

async function blockEveryone(page, api) {
  page.once("dialog", (dialog) => dialog.accept());
  await page.click("#global-toggle");
  await page.locator('#global-state:text-is("blocked")').waitFor();
  assert.equal((await api("GET", "/admin/blocks")).body.blocked, true);
  await submitInForm(page, { service: "noop", user: "alice", params: "" });
  await page.locator('#notice[data-kind="error"]', { hasText: "503 blocked" }).waitFor();
  await page.click("#global-toggle");
  await page.locator('#global-state:text-is("accepted")').waitFor();
  assert.equal((await api("GET", "/admin/blocks")).body.blocked, false);
}

async function filterTheList(page) {
  await page.selectOption("#filter-status", "cancelled");
  await eventually("only cancelled rows", () =>
    page.$$eval("#task-rows tr[data-task-id]", (rows) =>
      rows.length >= 2 && rows.every((tr) => tr.dataset.status === "cancelled")));
  await page.fill("#filter-user", "carol");
  await eventually("carol's cancelled task alone", () =>
    page.$$eval("#task-rows tr[data-task-id]", (rows) => rows.length === 1));
  await page.fill("#filter-user", "");
  await page.selectOption("#filter-status", "");
  await page.locator('[data-testid="count-completed"]').waitFor();
}

// The static route itself, outside the browser.
async function staticFiles(base) {
  const get = (target) => fetch(base + target);
  for (const [target, type] of [["/ui", "text/html"], ["/ui/", "text/html"], ["/ui/app.js", "text/javascript"],
    ["/ui/style.css", "text/css"], ["/ui/favicon.svg", "image/svg+xml"]]) {
    const response = await get(target);
    assert.equal(response.status, 200, target);
    const contentType = response.headers.get("content-type");
    assert.ok(contentType.startsWith(type), `${target}: ${contentType}`);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
  }
  const page = await (await get("/ui/")).text();
  assert.match(page, /name="dms-api-prefix" content="\/api\/v1"/, "the host fills in its API prefix");
  for (const target of ["/ui/nothing.js", "/ui/..%2F..%2Fetc%2Fpasswd", "/ui/%2e%2e", "/ui/.hidden", "/ui/a/b"]) {
    const response = await get(target);
    assert.equal(response.status, 404, target);
    assert.equal((await response.json()).error.code, "not_found", target);
  }
  assert.equal((await fetch(base + "/ui/app.js", { method: "POST" })).status, 405);
}

// Runs the steps in order and stops at the first failure; a screenshot either way.
async function runSteps(page, host, api, artifacts) {
  const steps = [["sign in", () => signIn(page, host.base)], ["watch a task run", () => watchATaskRun(page, api)],
    ["cancel another", () => cancelAnother(page, api)], ["change a priority", () => changeAPriority(page, api)],
    ["block a user", () => blockAUser(page, api)], ["block everyone", () => blockEveryone(page, api)],
    ["filter the list", () => filterTheList(page)], ["static files", () => staticFiles(host.base)]];
  let failed = null;
  for (const [name, step] of steps) {
    try {
      await step();
      console.log(`ok   ${name}`);
    } catch (error) {
      console.log(`FAIL ${name}`);
      failed = error;
      break;
    }
  }
  const shot = path.join(artifacts, failed ? "dashboard-failure.png" : "dashboard.png");
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`screenshot: ${shot}`);
  if (failed) throw failed;
}

async function main() {
  const opts = options();
  if (!fs.existsSync(opts.chromium)) {
    throw new Error(`chromium not found at '${opts.chromium}': install Debian's chromium (scripts/install-deps.sh)`);
  }
  fs.mkdirSync(opts.artifacts, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "dms-ui-test-"));
  const host = await startHost({
    binary: opts.host, bundledPlugins: opts.plugins, uiDir: opts.ui, token: TOKEN, workDir,
  });
  let browser = null;
  try {
    browser = await chromium.launch({ executablePath: opts.chromium, chromiumSandbox: false });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    page.setDefaultTimeout(15000);
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      // Refused requests (401, 503) are logged by Chromium itself; anything else is the page's fault.
      const refused = /Failed to load resource/.test(message.text());
      if (message.type() === "error" && !refused) pageErrors.push(message.text());
    });
    await runSteps(page, host, apiClient(host.base, TOKEN), opts.artifacts);
    if (pageErrors.length) throw new Error(`errors in the page:\n${pageErrors.join("\n")}`);
  } catch (error) {
    console.log(`--- dms-host log (last lines) ---\n${host.log().split("\n").slice(-40).join("\n")}`);
    throw error;
  } finally {
    if (browser) await browser.close();
    await host.stop();
  }
  fs.rmSync(workDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error.stack || error);
  process.exit(1);
});
