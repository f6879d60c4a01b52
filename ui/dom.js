// Small DOM and formatting helpers shared by the panels. Text always goes in as text, never as HTML.

export const $ = (id) => document.getElementById(id);

// el("td", {class: "x", dataset: {id: "1"}}, "text", otherNode)
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function replaceChildren(node, children) {
  node.replaceChildren(...children);
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"];

// 1536 bytes -> "1.5 KiB"; other units stay as they are ("12 seconds").
export function amount(value, unit) {
  if (value === undefined || value === null) return "";
  if (unit !== "bytes") {
    const rounded = Number.isInteger(value) ? value : value.toFixed(1);
    return unit ? `${rounded} ${unit}` : `${rounded}`;
  }
  let scaled = value;
  let index = 0;
  while (scaled >= 1024 && index < UNITS.length - 1) {
    scaled /= 1024;
    index += 1;
  }
  return `${index === 0 ? scaled : scaled.toFixed(1)} ${UNITS[index]}`;
}

// The fraction done, from 0 to 1, or null when the plugin gave no total.
export function fraction(progress) {
  if (!progress || !(progress.total > 0)) return null;
  return Math.max(0, Math.min(1, progress.done / progress.total));
}

export function percent(progress, status) {
  if (status === "completed") return "100%";
  const done = fraction(progress);
  return done === null ? "" : `${Math.floor(done * 100)}%`;
}

// "2026-11-23T10:00:16.515926+09:00" -> "2026-11-23 10:00:16" (the host's own zone, as it sent it).
export function shortTime(iso) {
  if (!iso) return "";
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}

export function shortId(id) {
  return id && id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
