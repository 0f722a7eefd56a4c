// Reports this page view to bantin's counters (POST /api/visit, answered 204),
// with an anonymous visitor id kept in localStorage.
import type { PortalConfig } from "./config";

const KEY = "bantin.visitorId";

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function visitorId(): string {
  try {
    let id = localStorage.getItem(KEY);
    if (!id) {
      id = randomId();
      localStorage.setItem(KEY, id);
    }
    return id;
  } catch {
    return randomId(); // storage disabled: count the visit anyway
  }
}

export function sendVisit(config: PortalConfig): void {
  if (!config.api) return;
  const body: Record<string, unknown> = { path: location.pathname + location.search, visitorId: visitorId() };
  if (config.visit) {
    body.kind = config.visit.kind;
    body.id = Number(config.visit.id);
  }
  const payload = JSON.stringify(body);
  const url = `${config.api}/api/visit`;
  // A string body goes as text/plain: no CORS preflight, and it survives leaving the page.
  if (!(navigator.sendBeacon && navigator.sendBeacon(url, payload))) {
    void fetch(url, { method: "POST", body: payload, keepalive: true, mode: "no-cors" }).catch(() => undefined);
  }
}
