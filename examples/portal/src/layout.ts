// The frame of every page: header band with the site's name and the main
// menu, a main column with an optional sidebar, the footer with the contact
// lines, the footer menu and the visit counters. All names come from the API.
import { localPath, PUBLIC_API_URL, request } from "./api";
import * as fmt from "./format";
import { graphql } from "./gql/server";
import type { LayoutQuery, SidebarQuery } from "./gql/server/graphql";
import { html, Html, jsonScript, trusted, type Part } from "./html";

export const LayoutDocument = graphql(`
  query Layout {
    site {
      name
      tagline
      logo { url }
      favicon { url }
      contactEmail
      phone
      address
      socialLinks { kind url }
      footerHtml
      timezone
      publicUrl
    }
    mainMenu: menu(slug: "main") { items { id parentId label url } }
    footerMenu: menu(slug: "footer") { items { id parentId label url } }
    siteStats { online today thisMonth thisYear allTime }
  }
`);

export const SidebarDocument = graphql(`
  query Sidebar {
    mostRead: articles(sort: MOST_VIEWED, perPage: 5) {
      items { id title slug publishedAt coverImage { url alt } }
    }
    documents(perPage: 4) {
      items { slug number title issuedAt }
    }
    tags(first: 12) { slug name articleCount }
    links: blocks(kind: LINK) { title url }
    banners: blocks(kind: BANNER) { title url image { url } }
  }
`);

export type Layout = LayoutQuery;
export type Sidebar = SidebarQuery;

export async function loadLayout(): Promise<Layout> {
  const layout = await request(LayoutDocument);
  fmt.useTimeZone(layout.site.timezone);
  return layout;
}

export const loadSidebar = (): Promise<Sidebar> => request(SidebarDocument);

/** What the page reports with the visit beacon, besides its path. */
export interface VisitTarget {
  kind: "article" | "video" | "gallery" | "document" | "page";
  id: string;
}

export interface PageOptions {
  layout: Layout;
  /** The request path, to mark the menu item in use. */
  path: string;
  /** Shown in the tab, before the site's name. */
  title?: string;
  description?: string | null;
  /** The main column. */
  main: Html;
  /** With a sidebar when given. */
  sidebar?: Sidebar;
  visit?: VisitTarget;
  /** Extra class on <body>, e.g. `editor`. */
  bodyClass?: string;
}

interface MenuNode {
  id: string;
  label: string;
  href: string;
  children: MenuNode[];
}

function menuTree(items: { id: string; parentId?: string | null; label: string; url: string }[], publicUrl: string): MenuNode[] {
  const nodes = new Map<string, MenuNode>();
  const roots: MenuNode[] = [];
  for (const item of items) {
    const node: MenuNode = { id: item.id, label: item.label, href: localPath(item.url, publicUrl), children: [] };
    nodes.set(item.id, node);
    const parent = item.parentId ? nodes.get(item.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function isCurrent(node: MenuNode, path: string): boolean {
  if (node.href === "/") return path === "/";
  if (path === node.href || path.startsWith(node.href + "/")) return true;
  return node.children.some((c) => isCurrent(c, path));
}

const external = (href: string) => /^https?:\/\//.test(href);

function link(node: MenuNode): Html {
  return external(node.href)
    ? html`<a href="${node.href}" rel="noopener" target="_blank">${node.label}</a>`
    : html`<a href="${node.href}">${node.label}</a>`;
}

function mainMenu(layout: Layout, path: string): Html {
  const tree = menuTree(layout.mainMenu?.items ?? [], layout.site.publicUrl);
  return html`<nav class="menu" aria-label="Menu chính">
    <div class="wrap menu-inner">
      <button class="menu-toggle" type="button" aria-expanded="false" aria-controls="menu-list">☰ Danh mục</button>
      <ul id="menu-list" class="menu-list">
        ${tree.map(
          (node) => html`<li class="${[node.children.length ? "has-sub" : "", isCurrent(node, path) ? "current" : ""].join(" ").trim()}">
            ${link(node)}
            ${node.children.length
              ? html`<ul class="sub">${node.children.map((c) => html`<li>${link(c)}</li>`)}</ul>`
              : ""}
          </li>`,
        )}
        <li class="${path.startsWith("/video") ? "current" : ""}"><a href="/video">Video</a></li>
        <li class="${path.startsWith("/thu-vien-anh") ? "current" : ""}"><a href="/thu-vien-anh">Thư viện ảnh</a></li>
      </ul>
    </div>
  </nav>`;
}

const EMBLEM = html`<svg class="emblem" viewBox="0 0 64 64" aria-hidden="true">
  <circle cx="32" cy="32" r="30" fill="#d4a017"/>
  <circle cx="32" cy="32" r="25" fill="#c8102e"/>
  <path fill="#ffd54a" d="M32 13l5.1 15.6h16.4L40.2 38.3l5.1 15.6L32 44.2 18.7 53.9l5.1-15.6L10.5 28.6h16.4z"/>
</svg>`;

function header(layout: Layout, path: string): Html {
  const { site } = layout;
  return html`<header class="site-header">
    <div class="topbar">
      <div class="wrap topbar-inner">
        <span>${fmt.today()}</span>
        <span class="topbar-links">
          ${site.phone ? html`<span>Đường dây nóng: <strong>${site.phone}</strong></span>` : ""}
          <a href="/dang-nhap">Dành cho biên tập viên</a>
        </span>
      </div>
    </div>
    <div class="masthead">
      <div class="wrap masthead-inner">
        <a class="brand" href="/">
          ${site.logo ? html`<img class="emblem" src="${site.logo.url}" alt="">` : EMBLEM}
          <span class="brand-text">
            <span class="brand-name">${site.name}</span>
            ${site.tagline ? html`<span class="brand-tagline">${site.tagline}</span>` : ""}
          </span>
        </a>
        <form class="search-box" action="/tim-kiem" method="get" role="search">
          <input type="search" name="q" placeholder="Tìm kiếm tin bài…" aria-label="Từ khóa tìm kiếm">
          <button type="submit">Tìm</button>
        </form>
      </div>
    </div>
    ${mainMenu(layout, path)}
  </header>`;
}

function footer(layout: Layout): Html {
  const { site, siteStats: s } = layout;
  const footerLinks = menuTree(layout.footerMenu?.items ?? [], site.publicUrl);
  return html`<footer class="site-footer">
    <div class="wrap footer-grid">
      <section class="footer-about">
        <h2>${site.name}</h2>
        ${trusted(site.footerHtml)}
        <ul class="contact">
          ${site.address ? html`<li><span>Địa chỉ:</span> ${site.address}</li>` : ""}
          ${site.phone ? html`<li><span>Điện thoại:</span> ${site.phone}</li>` : ""}
          ${site.contactEmail ? html`<li><span>Thư điện tử:</span> <a href="mailto:${site.contactEmail}">${site.contactEmail}</a></li>` : ""}
        </ul>
        ${site.socialLinks.length
          ? html`<p class="social">${site.socialLinks.map((l) => html`<a href="${l.url}" rel="noopener" target="_blank">${l.kind}</a>`)}</p>`
          : ""}
      </section>
      <nav class="footer-links" aria-label="Liên kết chân trang">
        <h2>Liên kết</h2>
        <ul>${footerLinks.map((n) => html`<li>${link(n)}</li>`)}</ul>
      </nav>
      <section class="counters" aria-label="Thống kê truy cập">
        <h2>Thống kê truy cập</h2>
        <dl>
          <div><dt>Đang truy cập</dt><dd data-counter="online">${fmt.count(s.online)}</dd></div>
          <div><dt>Hôm nay</dt><dd data-counter="today">${fmt.count(s.today)}</dd></div>
          <div><dt>Trong tháng</dt><dd data-counter="thisMonth">${fmt.count(s.thisMonth)}</dd></div>
          <div><dt>Trong năm</dt><dd data-counter="thisYear">${fmt.count(s.thisYear)}</dd></div>
          <div class="total"><dt>Tất cả</dt><dd data-counter="allTime">${fmt.count(s.allTime)}</dd></div>
        </dl>
      </section>
    </div>
    <div class="footer-bottom"><div class="wrap">Trang thông tin mẫu, hiển thị hoàn toàn từ API bantin.</div></div>
  </footer>`;
}

export function sidebarHtml(sb: Sidebar): Html {
  return html`<aside class="sidebar">
    ${sb.banners.map((b) => html`<a class="banner" href="${b.url}" rel="noopener">${b.image ? html`<img src="${b.image.url}" alt="${b.title}" loading="lazy">` : b.title}</a>`)}
    <section class="box">
      <h2 class="box-title">Đọc nhiều</h2>
      <ol class="most-read">
        ${sb.mostRead.items.map(
          (a) => html`<li><a href="/tin-tuc/${a.slug}">${a.title}</a></li>`,
        )}
      </ol>
    </section>
    ${sb.documents.items.length
      ? html`<section class="box">
          <h2 class="box-title">Văn bản mới</h2>
          <ul class="doc-list">
            ${sb.documents.items.map(
              (d) => html`<li><a href="/van-ban/${d.slug}"><strong>${d.number}</strong> ${d.title}</a><span class="meta">Ban hành ${fmt.calendarDate(d.issuedAt)}</span></li>`,
            )}
          </ul>
          <a class="more" href="/van-ban">Xem tất cả văn bản »</a>
        </section>`
      : ""}
    ${sb.tags.length
      ? html`<section class="box">
          <h2 class="box-title">Chủ đề</h2>
          <p class="tags">${sb.tags.map((t) => html`<a href="/chu-de/${t.slug}">${t.name}</a>`)}</p>
        </section>`
      : ""}
    ${sb.links.length
      ? html`<section class="box">
          <h2 class="box-title">Liên kết website</h2>
          <ul class="links">${sb.links.map((l) => html`<li><a href="${l.url}" rel="noopener" target="_blank">${l.title}</a></li>`)}</ul>
        </section>`
      : ""}
  </aside>`;
}

export function page(o: PageOptions): string {
  const { site } = o.layout;
  const title = o.title ? `${o.title} | ${site.name}` : site.name;
  const config = { api: PUBLIC_API_URL, visit: o.visit ?? null };
  const body: Part = o.sidebar
    ? html`<div class="wrap columns"><main id="main" class="main-col">${o.main}</main>${sidebarHtml(o.sidebar)}</div>`
    : html`<div class="wrap"><main id="main" class="main-full">${o.main}</main></div>`;
  return (
    "<!doctype html>\n" +
    html`<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ""}
<link rel="icon" href="${site.favicon?.url ?? "/static/favicon.svg"}">
<link rel="stylesheet" href="/static/portal.css">
<script id="portal-config" type="application/json">${jsonScript(config)}</script>
<script src="/static/client.js" defer></script>
</head>
<body class="${o.bodyClass ?? ""}">
<a class="skip" href="#main">Chuyển đến nội dung chính</a>
${header(o.layout, o.path)}
${body}
${footer(o.layout)}
</body>
</html>`.value
  );
}
