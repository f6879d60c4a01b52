// The submissions panel: the global block and the blocked users, from GET /admin/blocks, with the
// operator's block and unblock actions.

import { api } from "./api.js";
import { $, el, replaceChildren } from "./dom.js";
import { notify, notifyError } from "./notice.js";

let globallyBlocked = false;

export function renderBlocks(blocks) {
  globallyBlocked = Boolean(blocks.blocked);
  const state = $("global-state");
  state.textContent = globallyBlocked ? "blocked" : "accepted";
  state.className = globallyBlocked ? "bad" : "good";
  $("global-toggle").textContent = globallyBlocked ? "Accept all submissions" : "Block all submissions";

  const users = blocks.blocked_users || [];
  const chips = users.map((user) =>
    el("li", { class: "chip", dataset: { user } }, user,
      el("button", { type: "button", title: `unblock ${user}`, dataset: { unblock: user } }, "×")));
  replaceChildren($("blocked-users"), users.length ? chips : [el("li", { class: "muted" }, "No user is blocked.")]);
}

async function setUserBlock(user, blocked, refresh) {
  try {
    renderBlocks(await api.blockUser(user, blocked));
    notify(blocked ? `User ${user} is blocked: their submissions get 503.` : `User ${user} is unblocked.`);
  } catch (error) {
    notifyError(blocked ? `Blocking ${user}` : `Unblocking ${user}`, error);
  }
  refresh();
}

export function wireBlocks(refresh) {
  $("global-toggle").addEventListener("click", async () => {
    const blocked = !globallyBlocked;
    if (blocked && !confirm("Refuse every new submission, from every user?")) return;
    try {
      renderBlocks(await api.blockAll(blocked));
      notify(blocked ? "All new submissions are refused." : "Submissions are accepted again.");
    } catch (error) {
      notifyError("Changing the global block", error);
    }
    refresh();
  });

  $("block-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const user = $("block-user").value.trim();
    if (!user) return;
    const blocked = !event.submitter || event.submitter.value !== "unblock";
    setUserBlock(user, blocked, refresh);
  });

  $("blocked-users").addEventListener("click", (event) => {
    const user = event.target.dataset && event.target.dataset.unblock;
    if (user) setUserBlock(user, false, refresh);
  });
}
