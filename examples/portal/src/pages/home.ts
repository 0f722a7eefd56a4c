// The home page: top stories, latest news, a block per section, videos and
// the photo library.
import { request } from "../api";
import { articleHref, articleRow, categoryHref, galleryCard, meta, picture, videoCard } from "../components";
import { graphql } from "../gql/server";
import type { ArticleCardFragment } from "../gql/server/graphql";
import * as fmt from "../format";
import { html, type Html } from "../html";

const HomeDocument = graphql(`
  query Home {
    featured: articles(filter: { featured: true }, perPage: 5) {
      items { ...ArticleCard }
    }
    latest: articles(perPage: 8) {
      items { ...ArticleCard }
    }
    categories {
      id
      name
      slug
      articleCount
      children { name slug }
      articles(perPage: 4) { items { ...ArticleCard } }
    }
    videos(perPage: 4) { totalCount items { ...VideoCard } }
    galleries(perPage: 4) { totalCount items { ...GalleryCard } }
  }
`);

function lead(featured: ArticleCardFragment[]): Html {
  const [first, ...rest] = featured;
  if (!first) return html``;
  return html`<section class="top-stories" aria-label="Tin nổi bật">
    <article class="lead-story">
      <a class="lead-pic" href="${articleHref(first)}" tabindex="-1">${picture(first.coverImage, "(max-width: 800px) 100vw, 520px", true)}</a>
      <h2><a href="${articleHref(first)}">${first.title}</a></h2>
      ${meta(first)}
      ${first.summary ? html`<p class="summary">${first.summary}</p>` : ""}
    </article>
    <ul class="side-stories">
      ${rest.map(
        (a) => html`<li>
          <a class="thumb" href="${articleHref(a)}" tabindex="-1">${picture(a.coverImage, "120px")}</a>
          <a class="title" href="${articleHref(a)}">${a.title}</a>
        </li>`,
      )}
    </ul>
  </section>`;
}

export async function homePage(): Promise<Html> {
  const data = await request(HomeDocument);
  return html`
    ${lead(data.featured.items)}
    <section class="block latest" aria-labelledby="latest-title">
      <h2 class="block-title" id="latest-title"><span>Tin mới</span></h2>
      <ul class="latest-list">
        ${data.latest.items.map(
          (a) => html`<li>
            <a href="${articleHref(a)}">${a.title}</a>
            <span class="meta">${a.category.name}${a.publishedAt ? html` · <time datetime="${a.publishedAt}">${fmt.dateTime(a.publishedAt)}</time>` : ""}</span>
          </li>`,
        )}
      </ul>
    </section>
    <div class="category-blocks">
      ${data.categories
        .filter((c) => c.articles.items.length > 0)
        .map((c) => {
          const [first, ...rest] = c.articles.items;
          return html`<section class="block category-block" aria-label="${c.name}">
            <h2 class="block-title">
              <a href="${categoryHref(c)}"><span>${c.name}</span></a>
              ${c.children.length
                ? html`<span class="subs">${c.children.map((s) => html`<a href="${categoryHref(s)}">${s.name}</a>`)}</span>`
                : ""}
            </h2>
            ${first ? articleRow(first, false, false) : ""}
            <ul class="titles">${rest.map((a) => html`<li><a href="${articleHref(a)}">${a.title}</a></li>`)}</ul>
          </section>`;
        })}
    </div>
    <section class="block media-block" aria-labelledby="videos-title">
      <h2 class="block-title" id="videos-title"><a href="/video"><span>Video</span></a><a class="more" href="/video">Xem thêm »</a></h2>
      <div class="media-grid">${data.videos.items.map(videoCard)}</div>
    </section>
    <section class="block media-block" aria-labelledby="photos-title">
      <h2 class="block-title" id="photos-title"><a href="/thu-vien-anh"><span>Thư viện ảnh</span></a><a class="more" href="/thu-vien-anh">Xem thêm »</a></h2>
      <div class="media-grid">${data.galleries.items.map(galleryCard)}</div>
    </section>
  `;
}
