// An article: breadcrumbs, title, author line, cover with caption, the body
// (sanitised HTML from the API), embedded videos and albums, tags and
// "Tin khác" (other news of the same section).
import { request } from "../api";
import { articleHref, breadcrumbs, categoryHref, picture, player } from "../components";
import * as fmt from "../format";
import { graphql } from "../gql/server";
import { html, trusted } from "../html";
import type { Rendered } from "./category";

const ArticleDocument = graphql(`
  query ArticlePage($slug: String!) {
    article(slug: $slug) {
      id
      title
      summary
      body
      author
      authorProfile { name }
      publishedAt
      updatedAt
      viewCount
      readingTimeMinutes
      tags
      seo { title description }
      coverImage { url caption alt srcset }
      category { name slug }
      breadcrumbs { label url }
      videos { id title slug provider embedUrl thumbnailUrl url durationSeconds }
      galleries {
        id
        title
        slug
        photoCount
        photos(perPage: 12) { items { id url caption alt credit srcset width height } }
      }
      related(limit: 6) { id title slug publishedAt coverImage { url alt srcset } }
    }
  }
`);

export interface ArticleRendered extends Rendered {
  id: string;
}

export async function articlePage(slug: string, publicUrl: string): Promise<ArticleRendered | null> {
  const { article: a } = await request(ArticleDocument, { slug });
  if (!a) return null;
  const byline = a.author ?? a.authorProfile?.name ?? null;
  return {
    id: a.id,
    title: a.seo.title,
    description: a.seo.description,
    main: html`
      ${breadcrumbs(a.breadcrumbs, publicUrl)}
      <article class="article" data-article-id="${a.id}">
        <header>
          <a class="cat-label" href="${categoryHref(a.category)}">${a.category.name}</a>
          <h1>${a.title}</h1>
          <p class="article-meta">
            ${a.publishedAt ? html`<time datetime="${a.publishedAt}">${fmt.dateTime(a.publishedAt)}</time>` : html`<span class="draft">Bản nháp</span>`}
            <span>${a.readingTimeMinutes} phút đọc</span>
            <span>${fmt.count(a.viewCount)} lượt xem</span>
          </p>
          ${a.summary ? html`<p class="article-summary">${a.summary}</p>` : ""}
        </header>
        ${a.coverImage
          ? html`<figure class="cover">
              ${picture(a.coverImage, "(max-width: 800px) 100vw, 780px", true)}
              ${a.coverImage.caption ? html`<figcaption>${a.coverImage.caption}</figcaption>` : ""}
            </figure>`
          : ""}
        <div class="article-body">${trusted(a.body)}</div>
        ${a.videos.map(
          (v) => html`<section class="embedded">
            <h2 class="embedded-title">Video: ${v.title}</h2>
            ${player(v)}
          </section>`,
        )}
        ${a.galleries.map(
          (g) => html`<section class="embedded album" data-album>
            <h2 class="embedded-title">Ảnh: <a href="/thu-vien-anh/${g.slug}">${g.title}</a> <small>(${g.photoCount} ảnh)</small></h2>
            <div class="photo-grid">
              ${g.photos.items.map(
                (p) => html`<figure class="photo">
                  <a href="${p.url}" data-lightbox data-caption="${p.caption ?? ""}" data-credit="${p.credit ?? ""}">${picture(p, "240px")}</a>
                  ${p.caption ? html`<figcaption>${p.caption}</figcaption>` : ""}
                </figure>`,
              )}
            </div>
          </section>`,
        )}
        ${byline ? html`<p class="byline">${byline}</p>` : ""}
        ${a.tags.length
          ? html`<p class="tags"><span>Từ khóa:</span> ${a.tags.map((t) => html`<a href="/chu-de/${encodeURIComponent(t)}">${t}</a>`)}</p>`
          : ""}
      </article>
      ${a.related.length
        ? html`<section class="block related" aria-labelledby="related-title">
            <h2 class="block-title" id="related-title"><span>Tin khác</span></h2>
            <ul class="related-list">
              ${a.related.map(
                (r) => html`<li>
                  <a class="thumb" href="${articleHref(r)}" tabindex="-1">${picture(r.coverImage, "160px")}</a>
                  <a class="title" href="${articleHref(r)}">${r.title}</a>
                  ${r.publishedAt ? html`<time datetime="${r.publishedAt}">${fmt.date(r.publishedAt)}</time>` : ""}
                </li>`,
              )}
            </ul>
          </section>`
        : ""}
    `,
  };
}
