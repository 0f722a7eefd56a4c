// Search ("/tim-kiem?q=van+phong"): diacritics optional, done by bantin.
import { request } from "../api";
import { articleHref, categoryHref, galleryHref, pager, picture, videoHref } from "../components";
import * as fmt from "../format";
import { graphql } from "../gql/server";
import type { SearchPageQuery } from "../gql/server/graphql";
import { html, trusted, type Html } from "../html";
import type { Rendered } from "./category";

const PER_PAGE = 10;

const SearchDocument = graphql(`
  query SearchPage($query: String!, $page: Int!, $perPage: Int!) {
    search(query: $query, kinds: [ARTICLE, VIDEO, GALLERY, DOCUMENT, PAGE], page: $page, perPage: $perPage) {
      totalCount
      totalCountIsExact
      page
      totalPages
      didYouMean
      items {
        snippet
        node {
          __typename
          ... on Article { id title slug publishedAt coverImage { url alt srcset } category { name slug } }
          ... on Video { id title slug publishedAt thumbnailUrl }
          ... on Gallery { id title slug publishedAt cover { url alt srcset } }
          ... on Document { id title slug number issuedAt }
          ... on Page { id title slug }
        }
      }
    }
  }
`);

type Hit = SearchPageQuery["search"]["items"][number];

function hit(h: Hit): Html {
  const n = h.node;
  let href: string;
  let kind: string;
  let pic: Html | null = null;
  let when: string | null | undefined;
  let extra: Html = html``;
  switch (n.__typename) {
    case "Article":
      href = articleHref(n);
      kind = "Tin bài";
      pic = picture(n.coverImage, "160px");
      when = n.publishedAt;
      extra = html`<a class="cat" href="${categoryHref(n.category)}">${n.category.name}</a>`;
      break;
    case "Video":
      href = videoHref(n);
      kind = "Video";
      pic = n.thumbnailUrl ? html`<img src="${n.thumbnailUrl}" alt="" loading="lazy">` : picture(null, "");
      when = n.publishedAt;
      break;
    case "Gallery":
      href = galleryHref(n);
      kind = "Album ảnh";
      pic = picture(n.cover, "160px");
      when = n.publishedAt;
      break;
    case "Document":
      href = `/van-ban/${n.slug}`;
      kind = `Văn bản ${n.number}`;
      when = null;
      extra = html`<span>Ban hành ${fmt.calendarDate(n.issuedAt)}</span>`;
      break;
    case "Page":
      href = `/${n.slug}`;
      kind = "Trang";
      break;
  }
  return html`<article class="${pic ? "row hit" : "row hit no-thumb"}">
    ${pic ? html`<a class="thumb" href="${href}" tabindex="-1">${pic}</a>` : ""}
    <div class="row-text">
      <p class="kind">${kind}</p>
      <h3><a href="${href}">${n.title}</a></h3>
      <p class="meta">${extra} ${when ? html`<time datetime="${when}">${fmt.dateTime(when)}</time>` : ""}</p>
      <p class="snippet">${trusted(h.snippet)}</p>
    </div>
  </article>`;
}

export async function searchPage(q: string, page: number): Promise<Rendered> {
  const form = html`<form class="search-page-form" action="/tim-kiem" method="get" role="search">
    <input type="search" name="q" value="${q}" placeholder="Nhập từ khóa, có thể gõ không dấu" aria-label="Từ khóa tìm kiếm">
    <button type="submit">Tìm kiếm</button>
  </form>`;
  const head = html`<nav class="breadcrumbs" aria-label="Đường dẫn"><a href="/">Trang chủ</a><span class="sep">›</span><span aria-current="page">Tìm kiếm</span></nav>
    <header class="page-head"><h1>Tìm kiếm</h1>${form}</header>`;
  if (!q.trim()) {
    return { title: "Tìm kiếm", main: html`${head}<p class="empty">Nhập từ khóa để tìm tin bài, video, album ảnh và văn bản. Có thể gõ tiếng Việt không dấu, ví dụ “van phong”.</p>` };
  }
  const { search: s } = await request(SearchDocument, { query: q, page, perPage: PER_PAGE });
  return {
    title: `Tìm kiếm: ${q}`,
    main: html`${head}
      ${s.didYouMean ? html`<p class="did-you-mean">Có phải bạn muốn tìm <a href="/tim-kiem?q=${encodeURIComponent(s.didYouMean)}">${s.didYouMean}</a>?</p>` : ""}
      <p class="count-line">${s.totalCountIsExact ? "" : "Hơn "}${fmt.count(s.totalCount)} kết quả cho “${q}”</p>
      <div class="article-list search-results">
        ${s.items.length ? s.items.map(hit) : html`<p class="empty">Không tìm thấy kết quả phù hợp. Hãy thử từ khóa khác.</p>`}
      </div>
      ${pager("/tim-kiem", s.page, s.totalPages, { q })}
    `,
  };
}
