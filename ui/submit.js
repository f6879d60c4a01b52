// The submit form: a task for any service and user, with parameters as name=value pairs. Submissions go
// through the users' route, so blocks refuse them exactly as they refuse anyone's.

import { api } from "./api.js";
import { $, el, replaceChildren } from "./dom.js";
import { notify, notifyError } from "./notice.js";

let services = [];

// "seconds=30 mode=fast" -> {seconds: "30", mode: "fast"}; the plugins accept numbers as text.
export function parseParameters(text) {
  const parameters = {};
  for (const pair of text.split(/\s+/).filter(Boolean)) {
    const equals = pair.indexOf("=");
    if (equals <= 0) throw new Error(`expected name=value, got '${pair}'`);
    parameters[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return parameters;
}

function showHint() {
  const service = services.find((candidate) => candidate.name === $("submit-service").value);
  if (!service) return;
  const names = (service.parameters || []).map((parameter) => parameter.name);
  $("submit-hint").textContent =
    `${service.description}${names.length ? ` Parameters: ${names.join(", ")}.` : ""}`;
}

// The services of the loaded plugins, for this form and the task list's filter.
export function renderServices(list) {
  services = list;
  const names = list.map((service) => service.name);
  const submitSelect = $("submit-service");
  const chosen = submitSelect.value;
  replaceChildren(submitSelect, names.map((name) => el("option", { value: name }, name)));
  if (names.includes(chosen)) submitSelect.value = chosen;

  const filter = $("filter-service");
  const filtered = filter.value;
  replaceChildren(filter, [el("option", { value: "" }, "any service"),
    ...names.map((name) => el("option", { value: name }, name))]);
  filter.value = filtered;
  showHint();
}

export function wireSubmit(onSubmitted) {
  $("submit-service").addEventListener("change", showHint);
  $("submit-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const service = $("submit-service").value;
    const user = $("submit-user").value.trim();
    let parameters;
    try {
      parameters = parseParameters($("submit-params").value);
    } catch (error) {
      notify(`Parameters: ${error.message}`, "error");
      return;
    }
    try {
      const task = await api.submit(service, user, parameters, $("submit-priority").value);
      notify(`Submitted ${service} task ${task.task_id} for ${user}.`);
      onSubmitted(task);
    } catch (error) {
      notifyError(`Submitting a ${service} task for ${user}`, error);
    }
  });
}
