// The queues panel: depth of each priority queue, tasks by status, by service, and the event totals,
// from GET /admin/stats.

import { $, el, replaceChildren } from "./dom.js";

const PRIORITIES = ["high", "mid", "low"];
const STATUSES = ["queued", "scheduled", "running", "retrying", "completed", "failed", "cancelled"];

function queueBars(queued) {
  const deepest = Math.max(1, ...PRIORITIES.map((priority) => queued[priority] || 0));
  return PRIORITIES.map((priority) => {
    const depth = queued[priority] || 0;
    const bar = el("span", { class: `bar ${priority}` });
    bar.style.width = `${(depth / deepest) * 100}%`;
    return el("div", { class: "queue", dataset: { priority } },
      el("span", { class: "queue-name" }, priority),
      el("span", { class: "queue-track" }, bar),
      el("span", { class: "queue-depth", dataset: { testid: `queued-${priority}` } }, depth));
  });
}

function statusTiles(byStatus) {
  return STATUSES.map((status) =>
    el("div", { class: `tile status-${status}` },
      el("span", { class: "tile-count", dataset: { testid: `count-${status}` } }, byStatus[status] || 0),
      el("span", { class: "tile-label" }, status)));
}

function serviceTable(byService) {
  const services = Object.keys(byService).sort();
  if (services.length === 0) return el("p", { class: "muted" }, "No tasks yet.");
  const head = el("tr", {}, el("th", {}, "service"), STATUSES.map((status) => el("th", {}, status)));
  const rows = services.map((service) =>
    el("tr", {}, el("td", {}, service),
      STATUSES.map((status) => el("td", { class: "number" }, byService[service][status] || 0))));
  return el("table", { class: "compact" }, el("thead", {}, head), el("tbody", {}, rows));
}

function totalsLine(stats) {
  const totals = Object.entries(stats.totals || {}).map(([name, count]) => `${name} ${count}`);
  return `Since the store began: ${totals.join(", ") || "nothing yet"}.`;
}

export function renderStats(stats) {
  replaceChildren($("queues"), queueBars(stats.queued_by_priority || {}));
  replaceChildren($("status-counts"), statusTiles(stats.by_status || {}));
  replaceChildren($("service-counts"), [serviceTable(stats.by_service || {})]);
  $("totals").textContent = totalsLine(stats);
}
