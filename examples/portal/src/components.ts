// Pieces shared by several pages: article cards and lists, the numbered
// pager, pictures with captions, the video player placeholder, breadcrumbs.
import { localPath } from "./api";
import * as fmt from "./format";
import { graphql } from "./gql/server";
import type { ArticleCardFragment, GalleryCardFragment, VideoCardFragment } from "./gql/server/graphql";
import { html, type Html } from "./html";

export const ArticleCard = graphql(`
  fragment ArticleCard on Article {
    id
    title
    slug
    summary
    publishedAt
    coverImage { url alt srcset }
    category { name slug }
  }
`);

export const VideoCard = graphql(`
  fragment VideoCard on Video {
    id
    title
    slug
    thumbnailUrl
    durationSeconds
    provider
    publishedAt
  }
`);

export const GalleryCard = graphql(`
  fragment GalleryCard on Gallery {
    id
    title
    slug
    photoCount
    publishedAt
    cover { url alt srcset }
  }
`);

export const articleHref = (a: { slug: string }) => `/tin-tuc/${a.slug}`;
export const videoHref = (v: { slug: string }) => `/video/${v.slug}`;
export const galleryHref = (g: { slug: string }) => `/thu-vien-anh/${g.slug}`;
export const categoryHref = (c: { slug: string }) => `/chuyen-muc/${c.slug}`;

interface Picture {
  url: string;
  alt?: string | null;
  srcset?: string | null;
}

/** An <img> that fills its box; lazy unless it is the page's lead picture. */
export function picture(img: Picture | null | undefined, sizes: string, eager = false): Html {
  if (!img) return html`<span class="noimg" aria-hidden="true"></span>`;
  return html`<img src="${img.url}" alt="${img.alt ?? ""}" ${img.srcset ? html`srcset="${img.srcset}" sizes="${sizes}"` : ""} ${eager ? "" : html`loading="lazy"`} decoding="async">`;
}

export function meta(a: { publishedAt?: string | null; category?: { name: string; slug: string } | null }, withCategory = true): Html {
  return html`<p class="meta">
    ${withCategory && a.category ? html`<a class="cat" href="${categoryHref(a.category)}">${a.category.name}</a>` : ""}
    ${a.publishedAt ? html`<time datetime="${a.publishedAt}">${fmt.dateTime(a.publishedAt)}</time>` : ""}
  </p>`;
}

/** A list item with a thumbnail on the left (category pages, search, tags). */
export function articleRow(a: ArticleCardFragment, withCategory = true, placeholder = true): Html {
  const thumb = a.coverImage || placeholder;
  return html`<article class="${thumb ? "row" : "row no-thumb"}">
    ${thumb ? html`<a class="thumb" href="${articleHref(a)}" tabindex="-1">${picture(a.coverImage, "240px")}</a>` : ""}
    <div class="row-text">
      <h3><a href="${articleHref(a)}">${a.title}</a></h3>
      ${meta(a, withCategory)}
      ${a.summary ? html`<p class="summary">${a.summary}</p>` : ""}
    </div>
  </article>`;
}

export function videoCard(v: VideoCardFragment): Html {
  return html`<a class="media-card video-card" href="${videoHref(v)}">
    <span class="media-thumb">
      ${v.thumbnailUrl ? html`<img src="${v.thumbnailUrl}" alt="" loading="lazy">` : html`<span class="noimg video" aria-hidden="true"></span>`}
      <span class="play" aria-hidden="true">▶</span>
      ${v.durationSeconds ? html`<span class="duration">${fmt.duration(v.durationSeconds)}</span>` : ""}
    </span>
    <span class="media-title">${v.title}</span>
  </a>`;
}

export function galleryCard(g: GalleryCardFragment): Html {
  return html`<a class="media-card album-card" href="${galleryHref(g)}">
    <span class="media-thumb">
      ${picture(g.cover, "300px")}
      <span class="count">${g.photoCount} ảnh</span>
    </span>
    <span class="media-title">${g.title}</span>
  </a>`;
}

/** "« 1 2 3 4 5 »": numbered page links, `?trang=N` (page 1 without it). */
export function pager(base: string, current: number, total: number, extra: Record<string, string> = {}): Html {
  if (total <= 1) return html``;
  const href = (n: number) => {
    const q = new URLSearchParams(extra);
    if (n > 1) q.set("trang", String(n));
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  const shown: (number | "gap")[] = [];
  for (let n = 1; n <= total; n++) {
    if (total <= 7 || n === 1 || n === total || Math.abs(n - current) <= 2) shown.push(n);
    else if (shown[shown.length - 1] !== "gap") shown.push("gap");
  }
  return html`<nav class="pager" aria-label="Phân trang">
    ${current > 1 ? html`<a class="prev" href="${href(current - 1)}" rel="prev">« Trước</a>` : ""}
    ${shown.map((n) =>
      n === "gap"
        ? html`<span class="gap">…</span>`
        : n === current
          ? html`<span class="page current" aria-current="page">${n}</span>`
          : html`<a class="page" href="${href(n)}">${n}</a>`,
    )}
    ${current < total ? html`<a class="next" href="${href(current + 1)}" rel="next">Sau »</a>` : ""}
  </nav>`;
}

export function breadcrumbs(items: { label: string; url: string }[], publicUrl: string): Html {
  return html`<nav class="breadcrumbs" aria-label="Đường dẫn">
    ${items.map((b, i) =>
      i === items.length - 1
        ? html`<span aria-current="page">${b.label}</span>`
        : html`<a href="${localPath(b.url, publicUrl)}">${b.label}</a><span class="sep">›</span>`,
    )}
  </nav>`;
}

/** A video as a picture with a play button; the browser code swaps in the player on click. */
export function player(v: { title: string; embedUrl?: string | null; provider: string; thumbnailUrl?: string | null; url: string }): Html {
  if (!v.embedUrl) {
    return html`<p class="player-missing">Video này xem tại <a href="${v.url}" rel="noopener" target="_blank">trang gốc</a>.</p>`;
  }
  return html`<div class="player" data-embed="${v.embedUrl}" data-provider="${v.provider}" data-title="${v.title}">
    ${v.thumbnailUrl ? html`<img src="${v.thumbnailUrl}" alt="">` : html`<span class="noimg video" aria-hidden="true"></span>`}
    <button type="button" class="player-start" aria-label="Phát video: ${v.title}">▶</button>
  </div>`;
}

/** `?trang=` as a page number from 1. */
export function pageParam(params: URLSearchParams): number {
  const n = Number(params.get("trang") ?? "1");
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}
