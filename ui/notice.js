// One line at the top of the page saying what the last action did, or why it was refused.

import { $ } from "./dom.js";

let timer = null;

export function notify(message, kind = "info") {
  const notice = $("notice");
  notice.textContent = message;
  notice.dataset.kind = kind;
  notice.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => {
    notice.hidden = true;
  }, kind === "error" ? 15000 : 6000);
}

// An ApiError as a person reads it: "503 blocked: user 'bob' is blocked".
export function describeError(error) {
  if (error && error.status) return `${error.status} ${error.code}: ${error.message}`;
  return error && error.message ? error.message : String(error);
}

export function notifyError(what, error) {
  notify(`${what} failed — ${describeError(error)}`, "error");
}
