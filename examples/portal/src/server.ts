// The portal server: node:http, one route per kind of page, every page
// rendered from bantin's GraphQL API (BANTIN_URL), static files from dist/public.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { API_URL, ApiError, pageRequest } from "./api";
import { pageParam } from "./components";
import { html } from "./html";
import { loadLayout, loadSidebar, page, type Layout, type VisitTarget } from "./layout";
import { articlePage } from "./pages/article";
import { categoryPage, tagPage } from "./pages/category";
import { documentPage, documentsPage, staticPage } from "./pages/documents";
import { editorPage, loginPage } from "./pages/editor";
import { homePage } from "./pages/home";
import { galleriesPage, galleryPage, videoPage, videosPage } from "./pages/media";
import { searchPage } from "./pages/search";

const PORT = Number(process.env.PORT ?? 3000);
const HOST = process.env.HOST ?? "127.0.0.1";
const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".map": "application/json",
};

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#c8102e"/><path fill="#ffd54a" d="M32 13l5.1 15.6h16.4L40.2 38.3l5.1 15.6L32 44.2 18.7 53.9l5.1-15.6L10.5 28.6h16.4z"/></svg>`;

interface Found {
  title?: string;
  description?: string | null;
  main: ReturnType<typeof html>;
  id?: string;
}

type Route = {
  pattern: RegExp;
  sidebar: boolean;
  kind?: VisitTarget["kind"];
  bodyClass?: string;
  render: (m: RegExpMatchArray, q: URLSearchParams, layout: Layout) => Promise<Found | null> | Found | null;
};

const slug = "([a-z0-9][a-z0-9-]*)";

const routes: Route[] = [
  { pattern: /^\/$/, sidebar: true, render: async () => ({ main: await homePage() }) },
  { pattern: new RegExp(`^/chuyen-muc/${slug}$`), sidebar: true, render: (m, q) => categoryPage(m[1]!, pageParam(q)) },
  { pattern: /^\/chu-de\/([^/]+)$/, sidebar: true, render: (m, q) => tagPage(decodeURIComponent(m[1]!), pageParam(q)) },
  { pattern: new RegExp(`^/tin-tuc/${slug}$`), sidebar: true, kind: "article", render: (m, _q, l) => articlePage(m[1]!, l.site.publicUrl) },
  { pattern: /^\/video$/, sidebar: true, render: (_m, q) => videosPage(pageParam(q)) },
  { pattern: new RegExp(`^/video/${slug}$`), sidebar: true, kind: "video", render: (m) => videoPage(m[1]!) },
  { pattern: /^\/thu-vien-anh$/, sidebar: true, render: (_m, q) => galleriesPage(pageParam(q)) },
  { pattern: new RegExp(`^/thu-vien-anh/${slug}$`), sidebar: false, kind: "gallery", render: (m) => galleryPage(m[1]!) },
  { pattern: /^\/tim-kiem$/, sidebar: true, render: (_m, q) => searchPage((q.get("q") ?? "").slice(0, 200), pageParam(q)) },
  { pattern: /^\/van-ban$/, sidebar: true, render: (_m, q) => documentsPage(pageParam(q)) },
  { pattern: new RegExp(`^/van-ban/${slug}$`), sidebar: true, kind: "document", render: (m) => documentPage(m[1]!) },
  { pattern: /^\/dang-nhap$/, sidebar: false, bodyClass: "editor-page", render: () => loginPage() },
  { pattern: /^\/bien-tap$/, sidebar: false, bodyClass: "editor-page", render: () => editorPage() },
  { pattern: new RegExp(`^/${slug}$`), sidebar: true, kind: "page", render: (m) => staticPage(m[1]!) },
];

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...extra });
  res.end(body);
}

async function serveStatic(path: string, res: ServerResponse): Promise<void> {
  if (path === "/static/favicon.svg" || path === "/favicon.ico") {
    send(res, 200, FAVICON, "image/svg+xml", { "cache-control": "public, max-age=86400" });
    return;
  }
  const name = normalize(path.slice("/static/".length));
  if (name.startsWith("..") || name.includes("/") || !TYPES[extname(name)]) {
    send(res, 404, "Not found", "text/plain; charset=utf-8");
    return;
  }
  try {
    const body = await readFile(join(PUBLIC_DIR, name));
    send(res, 200, body, TYPES[extname(name)]!, { "cache-control": "public, max-age=300" });
  } catch {
    send(res, 404, "Not found", "text/plain; charset=utf-8");
  }
}

function notFound(layout: Layout, path: string): string {
  return page({
    layout,
    path,
    title: "Không tìm thấy trang",
    main: html`<section class="not-found">
      <h1>Không tìm thấy trang</h1>
      <p>Trang bạn tìm không tồn tại, đã được gỡ xuống hoặc chưa được xuất bản.</p>
      <p><a href="/">Về trang chủ</a> hoặc <a href="/tim-kiem">tìm kiếm tin bài</a>.</p>
    </section>`,
  });
}

function unavailable(): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tạm thời gián đoạn</title>
<link rel="icon" href="/static/favicon.svg"><link rel="stylesheet" href="/static/portal.css"></head>
<body><main class="wrap unavailable"><h1>Cổng thông tin tạm thời gián đoạn</h1>
<p>Máy chủ dữ liệu chưa trả lời. Vui lòng thử lại sau ít phút.</p></main></body></html>`;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://portal.local");
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : "/";
  if (req.method !== "GET" && req.method !== "HEAD") {
    send(res, 405, "Method not allowed", "text/plain; charset=utf-8", { allow: "GET, HEAD" });
    return;
  }
  if (path.startsWith("/static/") || path === "/favicon.ico") return serveStatic(path, res);
  if (path === "/healthz") return send(res, 200, "ok", "text/plain");

  const route = routes.find((r) => r.pattern.test(path));
  const layoutP = loadLayout();
  const sidebarP = route?.sidebar ? loadSidebar() : undefined;
  try {
    const layout = await layoutP;
    const found = route ? await route.render(path.match(route.pattern)!, url.searchParams, layout) : null;
    if (!found) {
      send(res, 404, notFound(layout, path), "text/html; charset=utf-8");
      return;
    }
    const visit = route?.kind && found.id ? { kind: route.kind, id: found.id } : undefined;
    const body = page({
      layout,
      path,
      title: found.title,
      description: found.description,
      main: found.main,
      sidebar: sidebarP ? await sidebarP : undefined,
      visit,
      bodyClass: route?.bodyClass,
    });
    send(res, 200, body, "text/html; charset=utf-8", { "cache-control": "no-cache" });
  } catch (err) {
    sidebarP?.catch(() => undefined);
    const detail = err instanceof ApiError ? err.message : String(err);
    console.error(`[${pageRequest.getStore()?.id}] ${req.method} ${url.pathname}${url.search}: ${detail}`);
    send(res, 502, unavailable(), "text/html; charset=utf-8");
  }
}

/** The caller's request id when it is a sane one (a proxy's), else a new one. */
function requestId(req: IncomingMessage): string {
  const sent = req.headers["x-request-id"];
  return typeof sent === "string" && /^[A-Za-z0-9._:-]{1,128}$/.test(sent) ? sent : randomUUID();
}

const server = createServer((req, res) => {
  const id = requestId(req);
  res.setHeader("x-request-id", id);
  pageRequest.run({ id }, () => handle(req, res)).catch((err) => {
    console.error(err);
    if (!res.headersSent) send(res, 500, "Internal error", "text/plain; charset=utf-8");
    else res.end();
  });
});

server.listen(PORT, HOST, () => {
  console.log(`portal on http://${HOST}:${PORT}/ (bantin at ${API_URL})`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
