// The task list: GET /admin/tasks with the filters, newest first, a page at a time. Clicking a row opens
// the task's detail.

import { $, el, percent, replaceChildren, shortId, shortTime } from "./dom.js";

const FILTERS = ["service", "user_id", "status", "priority", "limit"];

// The cursors of the pages before the one shown; the current page's own cursor is the last one.
const pages = { cursors: [null], nextCursor: null };
let selectedId = null;

export function taskFilters() {
  const filters = {};
  for (const name of FILTERS) {
    const value = document.querySelector(`#filters [name="${name}"]`).value.trim();
    if (value) filters[name] = value;
  }
  const cursor = pages.cursors[pages.cursors.length - 1];
  if (cursor) filters.cursor = cursor;
  return filters;
}

function progressCell(task) {
  const text = percent(task.progress, task.status);
  const message = task.progress && task.progress.message ? ` ${task.progress.message}` : "";
  return el("td", { class: "progress-cell", title: message.trim() }, text || message.trim());
}

function row(task) {
  return el("tr", { dataset: { taskId: task.task_id, status: task.status },
    class: task.task_id === selectedId ? "selected" : undefined },
  el("td", {}, shortTime(task.created_at)),
  el("td", {}, el("code", { title: task.task_id }, shortId(task.task_id))),
  el("td", {}, task.service),
  el("td", {}, task.user_id),
  el("td", {}, el("span", { class: `badge status-${task.status}` },
    task.cancel_requested && task.status === "running" ? "cancelling" : task.status)),
  el("td", {}, el("span", { class: `badge priority-${task.priority}` }, task.priority)),
  progressCell(task),
  el("td", { class: "number" }, task.attempts));
}

export function renderTasks(page) {
  const rows = page.tasks.map(row);
  if (rows.length === 0) rows.push(el("tr", {}, el("td", { colspan: 8, class: "muted" }, "No task matches.")));
  replaceChildren($("task-rows"), rows);
  pages.nextCursor = page.next_cursor;
  $("page-older").disabled = !page.next_cursor;
  $("page-newer").disabled = pages.cursors.length <= 1;
  const number = pages.cursors.length;
  $("page-info").textContent = `page ${number} · ${page.tasks.length} task${page.tasks.length === 1 ? "" : "s"}`;
}

export function selectTask(id) {
  selectedId = id;
  for (const tr of $("task-rows").querySelectorAll("tr[data-task-id]")) {
    tr.classList.toggle("selected", tr.dataset.taskId === id);
  }
}

export function wireTasks({ onSelect, onChange }) {
  const restart = () => {
    pages.cursors = [null];
    onChange();
  };
  $("filters").addEventListener("change", restart);
  $("filter-user").addEventListener("input", restart);
  $("filters").addEventListener("submit", (event) => event.preventDefault());
  $("page-older").addEventListener("click", () => {
    if (!pages.nextCursor) return;
    pages.cursors.push(pages.nextCursor);
    onChange();
  });
  $("page-newer").addEventListener("click", () => {
    if (pages.cursors.length > 1) pages.cursors.pop();
    onChange();
  });
  $("task-rows").addEventListener("click", (event) => {
    const tr = event.target.closest("tr[data-task-id]");
    if (tr) onSelect(tr.dataset.taskId);
  });
}
