// The DMS REST API as the dashboard uses it: the prefix comes from the page (dms-host fills it in), the
// operator token from this tab's session storage. Every failure is an ApiError with the server's code.

const TOKEN_KEY = "dms.operatorToken";
const DEFAULT_PREFIX = "/api/v1";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function apiPrefix() {
  const meta = document.querySelector('meta[name="dms-api-prefix"]');
  const prefix = meta ? meta.content : "";
  return prefix && prefix.startsWith("/") ? prefix : DEFAULT_PREFIX;
}

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY) || "",
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== "") search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

const segment = encodeURIComponent;

// One request; resolves to the parsed JSON answer (null for 204), rejects with ApiError.
async function request(method, path, { params, body, operator = true } = {}) {
  const headers = { Accept: "application/json" };
  if (operator) headers["X-Operator-Token"] = token.get();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(apiPrefix() + path + query(params), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch (error) {
    throw new ApiError(0, "unreachable", `cannot reach dms-host: ${error.message}`);
  }
  if (response.status === 204) return null;
  let answer = null;
  try {
    answer = await response.json();
  } catch {
    answer = null;
  }
  if (!response.ok) {
    const error = (answer && answer.error) || {};
    throw new ApiError(response.status, error.code || "http_error", error.message || response.statusText);
  }
  return answer;
}

export const api = {
  services: () => request("GET", "/services", { operator: false }),
  stats: () => request("GET", "/admin/stats"),
  blocks: () => request("GET", "/admin/blocks"),
  tasks: (filters) => request("GET", "/admin/tasks", { params: filters }),
  task: (id) => request("GET", `/admin/tasks/${segment(id)}`),
  cancel: (id) => request("POST", `/admin/tasks/${segment(id)}/cancel`),
  retry: (id) => request("POST", `/admin/tasks/${segment(id)}/retry`),
  remove: (id) => request("DELETE", `/admin/tasks/${segment(id)}`),
  setPriority: (id, priority) => request("PUT", `/admin/tasks/${segment(id)}/priority`, { body: { priority } }),
  blockAll: (blocked) => request("POST", blocked ? "/admin/block" : "/admin/unblock"),
  blockUser: (user, blocked) =>
    request("POST", `/admin/users/${segment(user)}/${blocked ? "block" : "unblock"}`),
  submit: (service, user, parameters, priority) =>
    request("POST", `/services/${segment(service)}/users/${segment(user)}/tasks`, {
      body: { parameters, priority },
      operator: false,
    }),
};
