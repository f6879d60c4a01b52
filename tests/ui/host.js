// Starts the real dms-host binary for the dashboard test: a free loopback port (DMS_PORT=0 and
// DMS_PORT_FILE), a temporary data directory, only the noop and sleep plugins, one worker (so tasks
// queue behind a running one), and the operator token given. Only these variables reach the host.

"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const PLUGINS = ["libdms_noop.so", "libdms_sleep.so"];

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// A plugin directory holding links to the bundled noop and sleep plugins alone.
function pluginDir(workDir, bundledDir) {
  const dir = path.join(workDir, "plugins");
  fs.mkdirSync(dir);
  for (const name of PLUGINS) {
    const source = path.resolve(bundledDir, name);
    if (!fs.existsSync(source)) throw new Error(`missing bundled plugin ${source}: build noop and sleep first`);
    fs.symlinkSync(source, path.join(dir, name));
  }
  return dir;
}

async function startHost({ binary, bundledPlugins, uiDir, token, workDir }) {
  const portFile = path.join(workDir, "port");
  const logPath = path.join(workDir, "host.log");
  const env = {
    PATH: process.env.PATH,
    DMS_HOST: "127.0.0.1",
    DMS_PORT: "0",
    DMS_PORT_FILE: portFile,
    DMS_DATA_DIR: path.join(workDir, "data"),
    DMS_PLUGIN_DIR: pluginDir(workDir, bundledPlugins),
    DMS_UI_DIR: uiDir,
    DMS_OPERATOR_TOKEN: token,
    DMS_WORKER_COUNT: "1",
    DMS_HTTP_THREADS: "2",
    DMS_TIMEZONE: "UTC",
    DMS_LOG_JSON: "false",
    DMS_CANCEL_GRACE_SECONDS: "2",
    DMS_SHUTDOWN_GRACE_SECONDS: "2",
  };
  const log = fs.openSync(logPath, "a");
  const child = spawn(path.resolve(binary), [], { env, stdio: ["ignore", log, log] });
  fs.closeSync(log);
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = signal || code;
  });
  process.on("exit", () => child.kill("SIGKILL"));  // never outlive the test

  const deadline = Date.now() + 15000;
  for (;;) {
    const text = fs.existsSync(portFile) ? fs.readFileSync(portFile, "utf8") : "";
    if (text.endsWith("\n")) break;
    if (exited !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`dms-host did not start (${exited ?? "timeout"}):\n${fs.readFileSync(logPath, "utf8")}`);
    }
    await sleep(20);
  }
  const port = Number(fs.readFileSync(portFile, "utf8"));

  return {
    base: `http://127.0.0.1:${port}`,
    log: () => fs.readFileSync(logPath, "utf8"),
    // SIGTERM, then SIGKILL after a few seconds; resolves once the process is gone.
    stop: async () => {
      if (exited !== null) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 8000);
      await gone;
      clearTimeout(timer);
    },
  };
}

// The API as the test uses it beside the browser: JSON in, {status, body} out.
function apiClient(base, token) {
  return async (method, route, body) => {
    const response = await fetch(`${base}/api/v1${route}`, {
      method,
      headers: { "X-Operator-Token": token, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
}

module.exports = { startHost, apiClient };
