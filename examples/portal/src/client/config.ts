// What the server put in the page: the API's public address and what this
// page is about (for the visit beacon).
export interface PortalConfig {
  api: string;
  visit: { kind: string; id: string } | null;
}

export function readConfig(): PortalConfig {
  const el = document.getElementById("portal-config");
  const parsed = JSON.parse(el?.textContent ?? "{}") as Partial<PortalConfig>;
  return { api: (parsed.api ?? "").replace(/\/+$/, ""), visit: parsed.visit ?? null };
}
