// The dashboard's wiring: asks for the operator token once, then polls the API every POLL_MS while the
// tab is visible, and redraws each panel from the answers. No framework, no build step.

import { api, token } from "./api.js";
import { renderBlocks, wireBlocks } from "./blocks.js";
import { hideDetail, renderDetail, shownTaskId, wireDetail } from "./detail.js";
import { $ } from "./dom.js";
import { describeError, notify, notifyError } from "./notice.js";
import { renderStats } from "./stats.js";
import { renderServices, wireSubmit } from "./submit.js";
import { renderTasks, selectTask, taskFilters, wireTasks } from "./tasks.js";

const POLL_MS = 1500;

let timer = null;
let polling = false;
let pollAgain = false;  // an action asked for fresh data while a round was under way

function setConnection(state, text) {
  const connection = $("connection");
  connection.dataset.state = state;
  connection.textContent = text;
}

function showLogin(message) {
  clearTimeout(timer);
  $("dashboard").hidden = true;
  $("sign-out").hidden = true;
  $("login").hidden = false;
  setConnection("idle", "not connected");
  if (message) notify(message, "error");
  $("token").focus();
}

function showDashboard() {
  $("login").hidden = true;
  $("dashboard").hidden = false;
  $("sign-out").hidden = false;
}

// One round of reads; panels whose read failed keep their last picture.
async function poll() {
  if (polling) {
    pollAgain = true;
    return;
  }
  polling = true;
  pollAgain = false;
  clearTimeout(timer);
  try {
    const shown = shownTaskId();
    const [stats, blocks, page, task] = await Promise.all([
      api.stats(), api.blocks(), api.tasks(taskFilters()), shown ? api.task(shown).catch((error) => error) : null,
    ]);
    renderStats(stats);
    renderBlocks(blocks);
    renderTasks(page);
    if (task instanceof Error) {
      if (task.status === 404) hideDetail();
    } else if (task && task.task_id === shownTaskId()) {
      renderDetail(task);
    }
    selectTask(shownTaskId());
    setConnection("ok", "live");
    $("updated").textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    if (error.status === 401) {
      token.clear();
      polling = false;
      showLogin("The operator token was refused; enter it again.");
      return;
    }
    setConnection("error", describeError(error));
  }
  polling = false;
  if (!document.hidden && token.get()) timer = setTimeout(poll, pollAgain ? 0 : POLL_MS);
}

async function openTask(id) {
  try {
    renderDetail(await api.task(id));
    selectTask(id);
  } catch (error) {
    notifyError(`Reading task ${id}`, error);
  }
}

async function loadServices() {
  try {
    renderServices((await api.services()).services);
  } catch (error) {
    notifyError("Reading the services", error);
  }
}

async function connect() {
  showDashboard();
  setConnection("idle", "connecting…");
  await loadServices();
  poll();
}

function wire() {
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    token.set($("token").value.trim());
    $("token").value = "";
    try {
      await api.blocks();  // any operator route tells whether the token is right
      connect();
    } catch (error) {
      token.clear();
      showLogin(error.status === 401 ? "That operator token is wrong." : describeError(error));
    }
  });
  $("sign-out").addEventListener("click", () => {
    token.clear();
    hideDetail();
    showLogin();
  });
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && token.get() && !$("dashboard").hidden) poll();
  });
  const refresh = () => poll();
  wireBlocks(refresh);
  wireTasks({ onSelect: openTask, onChange: refresh });
  wireDetail({ refresh, onClose: () => { hideDetail(); selectTask(null); } });
  wireSubmit((task) => {
    openTask(task.task_id);
    refresh();
  });
}

wire();
if (token.get()) connect();
else showLogin();
