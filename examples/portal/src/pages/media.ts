// Videos ("/video", "/video/<slug>") and the photo library ("/thu-vien-anh",
// "/thu-vien-anh/<slug>", the album viewer; the lightbox is browser code).
import { request } from "../api";
import { categoryHref, galleryCard, pager, picture, player, videoCard } from "../components";
import * as fmt from "../format";
import { graphql } from "../gql/server";
import { html } from "../html";
import type { Rendered } from "./category";

const VIDEOS_PER_PAGE = 9;
const ALBUMS_PER_PAGE = 9;

const VideosDocument = graphql(`
  query VideosPage($page: Int!, $perPage: Int!) {
    videos(page: $page, perPage: $perPage) {
      totalCount
      page
      totalPages
      items { ...VideoCard description embedUrl url }
    }
  }
`);

const VideoDocument = graphql(`
  query VideoPage($slug: String!) {
    video(slug: $slug) {
      id
      title
      description
      url
      provider
      embedUrl
      thumbnailUrl
      durationSeconds
      publishedAt
      viewCount
      tags
      category { name slug }
    }
    more: videos(perPage: 7) { items { ...VideoCard } }
  }
`);

const GalleriesDocument = graphql(`
  query GalleriesPage($page: Int!, $perPage: Int!) {
    galleries(page: $page, perPage: $perPage) {
      totalCount
      page
      totalPages
      items { ...GalleryCard }
    }
  }
`);

const GalleryDocument = graphql(`
  query GalleryPage($slug: String!) {
    gallery(slug: $slug) {
      id
      title
      description
      photoCount
      publishedAt
      category { name slug }
      photos(perPage: 200) {
        items { id url caption alt credit srcset width height position }
      }
    }
    more: galleries(perPage: 5) { items { ...GalleryCard } }
  }
`);

export interface MediaRendered extends Rendered {
  id?: string;
}

export async function videosPage(page: number): Promise<MediaRendered | null> {
  const { videos } = await request(VideosDocument, { page, perPage: VIDEOS_PER_PAGE });
  if (page > 1 && videos.items.length === 0) return null;
  const [first, ...rest] = videos.items;
  return {
    title: page > 1 ? `Video - Trang ${page}` : "Video",
    main: html`
      <nav class="breadcrumbs" aria-label="Đường dẫn"><a href="/">Trang chủ</a><span class="sep">›</span><span aria-current="page">Video</span></nav>
      <header class="page-head"><h1>Video</h1><p class="count-line">${videos.totalCount} video</p></header>
      ${first && page === 1
        ? html`<section class="video-feature">
            ${player(first)}
            <h2><a href="/video/${first.slug}">${first.title}</a></h2>
            <p class="meta">${first.publishedAt ? fmt.dateTime(first.publishedAt) : ""}${first.durationSeconds ? ` · ${fmt.duration(first.durationSeconds)}` : ""}</p>
            ${first.description ? html`<p class="summary">${first.description}</p>` : ""}
          </section>`
        : ""}
      <div class="media-grid three">${(page === 1 ? rest : videos.items).map(videoCard)}</div>
      ${pager("/video", videos.page, videos.totalPages)}
    `,
  };
}

export async function videoPage(slug: string): Promise<MediaRendered | null> {
  const { video: v, more } = await request(VideoDocument, { slug });
  if (!v) return null;
  return {
    id: v.id,
    title: v.title,
    description: v.description,
    main: html`
      <nav class="breadcrumbs" aria-label="Đường dẫn"><a href="/">Trang chủ</a><span class="sep">›</span><a href="/video">Video</a><span class="sep">›</span><span aria-current="page">${v.title}</span></nav>
      <article class="video-feature">
        ${player(v)}
        <h1>${v.title}</h1>
        <p class="meta">
          ${v.category ? html`<a class="cat" href="${categoryHref(v.category)}">${v.category.name}</a>` : ""}
          ${v.publishedAt ? fmt.dateTime(v.publishedAt) : ""}${v.durationSeconds ? ` · ${fmt.duration(v.durationSeconds)}` : ""} · ${fmt.count(v.viewCount)} lượt xem
        </p>
        ${v.description ? html`<p class="summary">${v.description}</p>` : ""}
      </article>
      <section class="block" aria-labelledby="more-videos">
        <h2 class="block-title" id="more-videos"><span>Video khác</span></h2>
        <div class="media-grid three">${more.items.filter((m) => m.id !== v.id).slice(0, 6).map(videoCard)}</div>
      </section>
    `,
  };
}

export async function galleriesPage(page: number): Promise<MediaRendered | null> {
  const { galleries } = await request(GalleriesDocument, { page, perPage: ALBUMS_PER_PAGE });
  if (page > 1 && galleries.items.length === 0) return null;
  return {
    title: page > 1 ? `Thư viện ảnh - Trang ${page}` : "Thư viện ảnh",
    main: html`
      <nav class="breadcrumbs" aria-label="Đường dẫn"><a href="/">Trang chủ</a><span class="sep">›</span><span aria-current="page">Thư viện ảnh</span></nav>
      <header class="page-head"><h1>Thư viện ảnh</h1><p class="count-line">${galleries.totalCount} album</p></header>
      <div class="media-grid three">${galleries.items.map(galleryCard)}</div>
      ${pager("/thu-vien-anh", galleries.page, galleries.totalPages)}
    `,
  };
}

export async function galleryPage(slug: string): Promise<MediaRendered | null> {
  const { gallery: g, more } = await request(GalleryDocument, { slug });
  if (!g) return null;
  return {
    id: g.id,
    title: g.title,
    description: g.description,
    main: html`
      <nav class="breadcrumbs" aria-label="Đường dẫn"><a href="/">Trang chủ</a><span class="sep">›</span><a href="/thu-vien-anh">Thư viện ảnh</a><span class="sep">›</span><span aria-current="page">${g.title}</span></nav>
      <header class="page-head">
        <h1>${g.title}</h1>
        <p class="meta">
          ${g.category ? html`<a class="cat" href="${categoryHref(g.category)}">${g.category.name}</a>` : ""}
          ${g.publishedAt ? fmt.dateTime(g.publishedAt) : ""} · ${g.photoCount} ảnh
        </p>
        ${g.description ? html`<p class="lede">${g.description}</p>` : ""}
      </header>
      <div class="album" data-album>
        <div class="photo-grid large">
          ${g.photos.items.map(
            (p, i) => html`<figure class="photo">
              <a href="${p.url}" data-lightbox data-caption="${p.caption ?? ""}" data-credit="${p.credit ?? ""}" aria-label="Xem ảnh ${i + 1}">${picture(p, "(max-width: 700px) 50vw, 260px")}</a>
              ${p.caption ? html`<figcaption>${p.caption}${p.credit ? html` <span class="credit">${p.credit}</span>` : ""}</figcaption>` : ""}
            </figure>`,
          )}
        </div>
      </div>
      <section class="block" aria-labelledby="more-albums">
        <h2 class="block-title" id="more-albums"><span>Album khác</span></h2>
        <div class="media-grid three">${more.items.filter((m) => m.id !== g.id).slice(0, 3).map(galleryCard)}</div>
      </section>
    `,
  };
}
