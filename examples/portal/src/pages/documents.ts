// Official documents ("/van-ban", "/van-ban/<slug>") and static pages ("/<slug>").
import { request } from "../api";
import { categoryHref, pager } from "../components";
import * as fmt from "../format";
import { graphql } from "../gql/server";
import type { DocumentType } from "../gql/server/graphql";
import { html, trusted } from "../html";
import type { Rendered } from "./category";

const PER_PAGE = 10;

const TYPE_NAMES: Record<DocumentType, string> = {
  RESOLUTION: "Nghị quyết",
  DECISION: "Quyết định",
  DIRECTIVE: "Chỉ thị",
  PLAN: "Kế hoạch",
  NOTICE: "Thông báo",
  OFFICIAL_LETTER: "Công văn",
  REPORT: "Báo cáo",
  OTHER: "Văn bản khác",
};

const DocumentsDocument = graphql(`
  query DocumentsPage($page: Int!, $perPage: Int!) {
    documents(page: $page, perPage: $perPage) {
      totalCount
      page
      totalPages
      items { id slug number title documentType issuer issuedAt inForce }
    }
  }
`);

const DocumentDocument = graphql(`
  query DocumentPage($slug: String!) {
    document(slug: $slug) {
      id
      number
      title
      documentType
      issuer
      signer
      issuedAt
      effectiveAt
      expiresAt
      inForce
      summary
      body
      files { url name }
      category { name slug }
    }
  }
`);

const StaticPageDocument = graphql(`
  query StaticPage($slug: String!) {
    page(slug: $slug) { id title body seo { title description } }
  }
`);

export interface ItemRendered extends Rendered {
  id?: string;
}

const crumbs = (label: string, middle = false) =>
  html`<nav class="breadcrumbs" aria-label="Đường dẫn"><a href="/">Trang chủ</a><span class="sep">›</span>${middle ? html`<a href="/van-ban">Văn bản</a><span class="sep">›</span>` : ""}<span aria-current="page">${label}</span></nav>`;

export async function documentsPage(page: number): Promise<ItemRendered | null> {
  const { documents: d } = await request(DocumentsDocument, { page, perPage: PER_PAGE });
  if (page > 1 && d.items.length === 0) return null;
  return {
    title: "Văn bản",
    main: html`${crumbs("Văn bản")}
      <header class="page-head"><h1>Văn bản chỉ đạo, điều hành</h1><p class="count-line">${d.totalCount} văn bản</p></header>
      <table class="doc-table">
        <thead><tr><th>Số, ký hiệu</th><th>Trích yếu</th><th>Ngày ban hành</th></tr></thead>
        <tbody>
          ${d.items.map(
            (x) => html`<tr>
              <td><a href="/van-ban/${x.slug}"><strong>${x.number}</strong></a><br><small>${TYPE_NAMES[x.documentType]}</small></td>
              <td><a href="/van-ban/${x.slug}">${x.title}</a><br><small>${x.issuer}${x.inForce ? "" : " · Hết hiệu lực"}</small></td>
              <td>${fmt.calendarDate(x.issuedAt)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${pager("/van-ban", d.page, d.totalPages)}`,
  };
}

export async function documentPage(slug: string): Promise<ItemRendered | null> {
  const { document: d } = await request(DocumentDocument, { slug });
  if (!d) return null;
  const row = (label: string, value: string | null | undefined) => (value ? html`<tr><th>${label}</th><td>${value}</td></tr>` : "");
  return {
    id: d.id,
    title: `${TYPE_NAMES[d.documentType]} ${d.number}`,
    description: d.summary,
    main: html`${crumbs(d.number, true)}
      <article class="document">
        <h1>${TYPE_NAMES[d.documentType]} số ${d.number}</h1>
        <p class="lede">${d.title}</p>
        <table class="doc-facts">
          ${row("Cơ quan ban hành", d.issuer)}
          ${row("Người ký", d.signer)}
          ${row("Ngày ban hành", fmt.calendarDate(d.issuedAt))}
          ${row("Ngày hiệu lực", fmt.calendarDate(d.effectiveAt))}
          ${row("Ngày hết hiệu lực", fmt.calendarDate(d.expiresAt))}
          ${row("Tình trạng", d.inForce ? "Còn hiệu lực" : "Không còn hiệu lực")}
          ${d.category ? html`<tr><th>Lĩnh vực</th><td><a href="${categoryHref(d.category)}">${d.category.name}</a></td></tr>` : ""}
        </table>
        ${d.summary ? html`<p>${d.summary}</p>` : ""}
        <div class="article-body">${trusted(d.body)}</div>
        ${d.files.length
          ? html`<h2 class="embedded-title">Tệp đính kèm</h2><ul class="files">${d.files.map((f) => html`<li><a href="${f.url}" rel="noopener">${f.name}</a></li>`)}</ul>`
          : ""}
      </article>`,
  };
}

export async function staticPage(slug: string): Promise<ItemRendered | null> {
  const { page: p } = await request(StaticPageDocument, { slug });
  if (!p) return null;
  return {
    id: p.id,
    title: p.seo.title,
    description: p.seo.description,
    main: html`${crumbs(p.title)}
      <article class="article static-page">
        <h1>${p.title}</h1>
        <div class="article-body">${trusted(p.body)}</div>
      </article>`,
  };
}
