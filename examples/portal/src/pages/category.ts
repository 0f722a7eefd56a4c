// A section page ("/chuyen-muc/<slug>?trang=2") and a tag page ("/chu-de/<slug>").
import { request } from "../api";
import { articleRow, categoryHref, pager } from "../components";
import { graphql } from "../gql/server";
import type { ArticleListFragment } from "../gql/server/graphql";
import { html, type Html } from "../html";

export const PER_PAGE = 4;

const CategoryDocument = graphql(`
  query CategoryPage($slug: String!, $page: Int!, $perPage: Int!) {
    category(slug: $slug) {
      id
      name
      slug
      description
      ancestors { name slug }
      children { name slug articleCount }
      articles(page: $page, perPage: $perPage) { ...ArticleList }
    }
  }
`);

const TagDocument = graphql(`
  query TagPage($slug: String!, $page: Int!, $perPage: Int!) {
    tag(slug: $slug) {
      name
      slug
      articleCount
      articles(page: $page, perPage: $perPage) { ...ArticleList }
    }
  }
`);

/** A numbered page of articles, as a section and a tag show it. */
export const ArticleList = graphql(`
  fragment ArticleList on ArticlePage {
    totalCount
    page
    totalPages
    items { ...ArticleCard }
  }
`);

/** The count line, the page's articles and the pager under them. */
function listed(list: ArticleListFragment, base: string, empty: string): Html {
  return html`
    <p class="count-line">${list.totalCount} bài viết · Trang ${list.page}/${Math.max(list.totalPages, 1)}</p>
    <div class="article-list">
      ${list.items.length ? list.items.map((a) => articleRow(a)) : html`<p class="empty">${empty}</p>`}
    </div>
    ${pager(base, list.page, list.totalPages)}
  `;
}

export interface Rendered {
  title: string;
  description?: string | null;
  main: Html;
}

export async function categoryPage(slug: string, page: number): Promise<Rendered | null> {
  const { category: c } = await request(CategoryDocument, { slug, page, perPage: PER_PAGE });
  if (!c) return null;
  const list = c.articles;
  if (page > 1 && list.items.length === 0) return null;
  const base = categoryHref(c);
  return {
    title: page > 1 ? `${c.name} - Trang ${page}` : c.name,
    description: c.description,
    main: html`
      <nav class="breadcrumbs" aria-label="Đường dẫn">
        <a href="/">Trang chủ</a><span class="sep">›</span>
        ${c.ancestors.map((a) => html`<a href="${categoryHref(a)}">${a.name}</a><span class="sep">›</span>`)}
        <span aria-current="page">${c.name}</span>
      </nav>
      <header class="page-head">
        <h1>${c.name}</h1>
        ${c.description ? html`<p class="lede">${c.description}</p>` : ""}
        ${c.children.length
          ? html`<p class="chips">${c.children.map((s) => html`<a href="${categoryHref(s)}">${s.name} <small>(${s.articleCount})</small></a>`)}</p>`
          : ""}
      </header>
      ${listed(list, base, "Chuyên mục chưa có bài viết.")}
    `,
  };
}

export async function tagPage(slug: string, page: number): Promise<Rendered | null> {
  const { tag } = await request(TagDocument, { slug, page, perPage: PER_PAGE });
  if (!tag) return null;
  const list = tag.articles;
  if (page > 1 && list.items.length === 0) return null;
  return {
    title: `Chủ đề: ${tag.name}`,
    main: html`
      <nav class="breadcrumbs" aria-label="Đường dẫn"><a href="/">Trang chủ</a><span class="sep">›</span><span aria-current="page">Chủ đề</span></nav>
      <header class="page-head">
        <h1>Chủ đề: ${tag.name}</h1>
      </header>
      ${listed(list, `/chu-de/${tag.slug}`, "Chưa có bài viết với chủ đề này.")}
    `,
  };
}
