// One task in full, from GET /admin/tasks/{id}: fields, progress, attempts, logs; and the operator's
// actions on it (priority, cancel, delete).

import { api } from "./api.js";
import { $, amount, el, fraction, replaceChildren, shortTime } from "./dom.js";
import { notify, notifyError } from "./notice.js";

let current = null;  // the task shown, as last fetched

function fields(task) {
  const entries = [
    ["status", task.cancel_requested && task.status === "running" ? "running (cancel requested)" : task.status],
    ["service", task.service],
    ["user", task.user_id],
    ["priority", task.priority],
    ["attempts", task.attempts],
    ["retries", task.max_retries > 0 ? `${task.failures} failed of ${task.max_retries} allowed` : undefined],
    ["next run", task.next_run_at ? shortTime(task.next_run_at) : undefined],
    ["timeout", task.timeout_seconds ? `${task.timeout_seconds} s` : undefined],
    ["position", task.position],
    ["running on", task.running_on],
    ["created", shortTime(task.created_at)],
    ["started", shortTime(task.started_at)],
    ["finished", shortTime(task.finished_at)],
    ["parameters", JSON.stringify(task.parameters)],
    ["result", task.result && Object.keys(task.result).length ? JSON.stringify(task.result) : undefined],
  ];
  return entries
    .filter(([, value]) => value !== undefined && value !== null && value !== "")
    .flatMap(([name, value]) => [el("dt", {}, name), el("dd", { dataset: { field: name } }, value)]);
}

function progressText(task) {
  const progress = task.progress || {};
  const parts = [];
  if (progress.total > 0) {
    parts.push(`${amount(progress.done, progress.unit)} of ${amount(progress.total, progress.unit)}`);
  }
  else if (progress.done > 0) parts.push(amount(progress.done, progress.unit));
  if (progress.message) parts.push(progress.message);
  return parts.join(" · ") || (task.status === "queued" ? "waiting in the queue" : "");
}

// Every ended attempt: number, host, outcome, times and error (attempt_history).
function attemptsTable(attempts) {
  if (!attempts || attempts.length === 0) return el("p", { class: "muted" }, "No attempt has ended yet.");
  const head = el("tr", {}, ["#", "host", "outcome", "started", "finished", "error"].map((name) => el("th", {}, name)));
  const rows = attempts.map((attempt) =>
    el("tr", { dataset: { testid: `attempt-${attempt.number}` } },
      el("td", { class: "number" }, attempt.number),
      el("td", {}, attempt.host),
      el("td", { class: `status-${attempt.outcome}` }, attempt.outcome),
      el("td", {}, shortTime(attempt.started_at)),
      el("td", {}, shortTime(attempt.finished_at)),
      el("td", {}, attempt.error || "")));
  return el("table", { class: "compact" }, el("thead", {}, head), el("tbody", {}, rows));
}

export function renderDetail(task) {
  current = task;
  $("detail").hidden = false;
  $("detail-id").textContent = task.task_id;
  replaceChildren($("detail-fields"), fields(task));
  const done = task.status === "completed" ? 1 : fraction(task.progress);
  const bar = $("detail-progress");
  if (done === null) bar.removeAttribute("value");
  else bar.value = done;
  $("detail-progress-text").textContent = progressText(task);
  $("detail-log-count").textContent =
    task.log_count > task.logs.length ? `(latest ${task.logs.length} of ${task.log_count})` : `(${task.log_count})`;
  $("detail-logs").textContent = task.logs.join("\n");
  replaceChildren($("detail-attempts"), [attemptsTable(task.attempt_history)]);

  const prioritySelect = $("detail-priority");
  if (document.activeElement !== prioritySelect) prioritySelect.value = task.priority;
  const finished = ["completed", "failed", "cancelled"].includes(task.status);
  $("detail-cancel").disabled = finished || task.cancel_requested;
  $("detail-retry").disabled = task.status !== "failed";
  $("detail-set-priority").disabled = task.status !== "queued";
  prioritySelect.disabled = task.status !== "queued";
}

export function hideDetail() {
  current = null;
  $("detail").hidden = true;
}

async function act(what, action, refresh) {
  if (!current) return;
  try {
    const task = await action(current.task_id);
    if (task) renderDetail({ ...current, ...task });
    notify(`${what}: done.`);
  } catch (error) {
    notifyError(what, error);
  }
  refresh();
}

export function wireDetail({ refresh, onClose }) {
  $("detail-set-priority").addEventListener("click", () => {
    const priority = $("detail-priority").value;
    act(`Priority of ${current && current.task_id} to ${priority}`, (id) => api.setPriority(id, priority), refresh);
  });
  $("detail-retry").addEventListener("click", () => {
    act(`Retry ${current && current.task_id}`, api.retry, refresh);
  });
  $("detail-cancel").addEventListener("click", () => {
    act(`Cancel ${current && current.task_id}`, api.cancel, refresh);
  });
  $("detail-delete").addEventListener("click", () => {
    if (!current || !confirm(`Delete task ${current.task_id} and its logs?`)) return;
    act(`Delete ${current.task_id}`, api.remove, () => {
      onClose();
      refresh();
    });
  });
  $("detail-close").addEventListener("click", onClose);
}

export function shownTaskId() {
  return current ? current.task_id : null;
}
