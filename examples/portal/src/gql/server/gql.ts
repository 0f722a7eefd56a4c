/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ArticleCard on Article {\n    id\n    title\n    slug\n    summary\n    publishedAt\n    coverImage { url alt srcset }\n    category { name slug }\n  }\n": typeof types.ArticleCardFragmentDoc,
    "\n  fragment VideoCard on Video {\n    id\n    title\n    slug\n    thumbnailUrl\n    durationSeconds\n    provider\n    publishedAt\n  }\n": typeof types.VideoCardFragmentDoc,
    "\n  fragment GalleryCard on Gallery {\n    id\n    title\n    slug\n    photoCount\n    publishedAt\n    cover { url alt srcset }\n  }\n": typeof types.GalleryCardFragmentDoc,
    "\n  query Layout {\n    site {\n      name\n      tagline\n      logo { url }\n      favicon { url }\n      contactEmail\n      phone\n      address\n      socialLinks { kind url }\n      footerHtml\n      timezone\n      publicUrl\n    }\n    mainMenu: menu(slug: \"main\") { items { id parentId label url } }\n    footerMenu: menu(slug: \"footer\") { items { id parentId label url } }\n    siteStats { online today thisMonth thisYear allTime }\n  }\n": typeof types.LayoutDocument,
    "\n  query Sidebar {\n    mostRead: articles(sort: MOST_VIEWED, perPage: 5) {\n      items { id title slug publishedAt coverImage { url alt } }\n    }\n    documents(perPage: 4) {\n      items { slug number title issuedAt }\n    }\n    tags(first: 12) { slug name articleCount }\n    links: blocks(kind: LINK) { title url }\n    banners: blocks(kind: BANNER) { title url image { url } }\n  }\n": typeof types.SidebarDocument,
    "\n  query ArticlePage($slug: String!) {\n    article(slug: $slug) {\n      id\n      title\n      summary\n      body\n      author\n      authorProfile { name }\n      publishedAt\n      updatedAt\n      viewCount\n      readingTimeMinutes\n      tags\n      seo { title description }\n      coverImage { url caption alt srcset }\n      category { name slug }\n      breadcrumbs { label url }\n      videos { id title slug provider embedUrl thumbnailUrl url durationSeconds }\n      galleries {\n        id\n        title\n        slug\n        photoCount\n        photos(perPage: 12) { items { id url caption alt credit srcset width height } }\n      }\n      related(limit: 6) { id title slug publishedAt coverImage { url alt srcset } }\n    }\n  }\n": typeof types.ArticlePageDocument,
    "\n  query CategoryPage($slug: String!, $page: Int!, $perPage: Int!) {\n    category(slug: $slug) {\n      id\n      name\n      slug\n      description\n      ancestors { name slug }\n      children { name slug articleCount }\n      articles(page: $page, perPage: $perPage) { ...ArticleList }\n    }\n  }\n": typeof types.CategoryPageDocument,
    "\n  query TagPage($slug: String!, $page: Int!, $perPage: Int!) {\n    tag(slug: $slug) {\n      name\n      slug\n      articleCount\n      articles(page: $page, perPage: $perPage) { ...ArticleList }\n    }\n  }\n": typeof types.TagPageDocument,
    "\n  fragment ArticleList on ArticlePage {\n    totalCount\n    page\n    totalPages\n    items { ...ArticleCard }\n  }\n": typeof types.ArticleListFragmentDoc,
    "\n  query DocumentsPage($page: Int!, $perPage: Int!) {\n    documents(page: $page, perPage: $perPage) {\n      totalCount\n      page\n      totalPages\n      items { id slug number title documentType issuer issuedAt inForce }\n    }\n  }\n": typeof types.DocumentsPageDocument,
    "\n  query DocumentPage($slug: String!) {\n    document(slug: $slug) {\n      id\n      number\n      title\n      documentType\n      issuer\n      signer\n      issuedAt\n      effectiveAt\n      expiresAt\n      inForce\n      summary\n      body\n      files { url name }\n      category { name slug }\n    }\n  }\n": typeof types.DocumentPageDocument,
    "\n  query StaticPage($slug: String!) {\n    page(slug: $slug) { id title body seo { title description } }\n  }\n": typeof types.StaticPageDocument,
    "\n  query Home {\n    featured: articles(filter: { featured: true }, perPage: 5) {\n      items { ...ArticleCard }\n    }\n    latest: articles(perPage: 8) {\n      items { ...ArticleCard }\n    }\n    categories {\n      id\n      name\n      slug\n      articleCount\n      children { name slug }\n      articles(perPage: 4) { items { ...ArticleCard } }\n    }\n    videos(perPage: 4) { totalCount items { ...VideoCard } }\n    galleries(perPage: 4) { totalCount items { ...GalleryCard } }\n  }\n": typeof types.HomeDocument,
    "\n  query VideosPage($page: Int!, $perPage: Int!) {\n    videos(page: $page, perPage: $perPage) {\n      totalCount\n      page\n      totalPages\n      items { ...VideoCard description embedUrl url }\n    }\n  }\n": typeof types.VideosPageDocument,
    "\n  query VideoPage($slug: String!) {\n    video(slug: $slug) {\n      id\n      title\n      description\n      url\n      provider\n      embedUrl\n      thumbnailUrl\n      durationSeconds\n      publishedAt\n      viewCount\n      tags\n      category { name slug }\n    }\n    more: videos(perPage: 7) { items { ...VideoCard } }\n  }\n": typeof types.VideoPageDocument,
    "\n  query GalleriesPage($page: Int!, $perPage: Int!) {\n    galleries(page: $page, perPage: $perPage) {\n      totalCount\n      page\n      totalPages\n      items { ...GalleryCard }\n    }\n  }\n": typeof types.GalleriesPageDocument,
    "\n  query GalleryPage($slug: String!) {\n    gallery(slug: $slug) {\n      id\n      title\n      description\n      photoCount\n      publishedAt\n      category { name slug }\n      photos(perPage: 200) {\n        items { id url caption alt credit srcset width height position }\n      }\n    }\n    more: galleries(perPage: 5) { items { ...GalleryCard } }\n  }\n": typeof types.GalleryPageDocument,
    "\n  query SearchPage($query: String!, $page: Int!, $perPage: Int!) {\n    search(query: $query, kinds: [ARTICLE, VIDEO, GALLERY, DOCUMENT, PAGE], page: $page, perPage: $perPage) {\n      totalCount\n      totalCountIsExact\n      page\n      totalPages\n      didYouMean\n      items {\n        snippet\n        node {\n          __typename\n          ... on Article { id title slug publishedAt coverImage { url alt srcset } category { name slug } }\n          ... on Video { id title slug publishedAt thumbnailUrl }\n          ... on Gallery { id title slug publishedAt cover { url alt srcset } }\n          ... on Document { id title slug number issuedAt }\n          ... on Page { id title slug }\n        }\n      }\n    }\n  }\n": typeof types.SearchPageDocument,
};
const documents: Documents = {
    "\n  fragment ArticleCard on Article {\n    id\n    title\n    slug\n    summary\n    publishedAt\n    coverImage { url alt srcset }\n    category { name slug }\n  }\n": types.ArticleCardFragmentDoc,
    "\n  fragment VideoCard on Video {\n    id\n    title\n    slug\n    thumbnailUrl\n    durationSeconds\n    provider\n    publishedAt\n  }\n": types.VideoCardFragmentDoc,
    "\n  fragment GalleryCard on Gallery {\n    id\n    title\n    slug\n    photoCount\n    publishedAt\n    cover { url alt srcset }\n  }\n": types.GalleryCardFragmentDoc,
    "\n  query Layout {\n    site {\n      name\n      tagline\n      logo { url }\n      favicon { url }\n      contactEmail\n      phone\n      address\n      socialLinks { kind url }\n      footerHtml\n      timezone\n      publicUrl\n    }\n    mainMenu: menu(slug: \"main\") { items { id parentId label url } }\n    footerMenu: menu(slug: \"footer\") { items { id parentId label url } }\n    siteStats { online today thisMonth thisYear allTime }\n  }\n": types.LayoutDocument,
    "\n  query Sidebar {\n    mostRead: articles(sort: MOST_VIEWED, perPage: 5) {\n      items { id title slug publishedAt coverImage { url alt } }\n    }\n    documents(perPage: 4) {\n      items { slug number title issuedAt }\n    }\n    tags(first: 12) { slug name articleCount }\n    links: blocks(kind: LINK) { title url }\n    banners: blocks(kind: BANNER) { title url image { url } }\n  }\n": types.SidebarDocument,
    "\n  query ArticlePage($slug: String!) {\n    article(slug: $slug) {\n      id\n      title\n      summary\n      body\n      author\n      authorProfile { name }\n      publishedAt\n      updatedAt\n      viewCount\n      readingTimeMinutes\n      tags\n      seo { title description }\n      coverImage { url caption alt srcset }\n      category { name slug }\n      breadcrumbs { label url }\n      videos { id title slug provider embedUrl thumbnailUrl url durationSeconds }\n      galleries {\n        id\n        title\n        slug\n        photoCount\n        photos(perPage: 12) { items { id url caption alt credit srcset width height } }\n      }\n      related(limit: 6) { id title slug publishedAt coverImage { url alt srcset } }\n    }\n  }\n": types.ArticlePageDocument,
    "\n  query CategoryPage($slug: String!, $page: Int!, $perPage: Int!) {\n    category(slug: $slug) {\n      id\n      name\n      slug\n      description\n      ancestors { name slug }\n      children { name slug articleCount }\n      articles(page: $page, perPage: $perPage) { ...ArticleList }\n    }\n  }\n": types.CategoryPageDocument,
    "\n  query TagPage($slug: String!, $page: Int!, $perPage: Int!) {\n    tag(slug: $slug) {\n      name\n      slug\n      articleCount\n      articles(page: $page, perPage: $perPage) { ...ArticleList }\n    }\n  }\n": types.TagPageDocument,
    "\n  fragment ArticleList on ArticlePage {\n    totalCount\n    page\n    totalPages\n    items { ...ArticleCard }\n  }\n": types.ArticleListFragmentDoc,
    "\n  query DocumentsPage($page: Int!, $perPage: Int!) {\n    documents(page: $page, perPage: $perPage) {\n      totalCount\n      page\n      totalPages\n      items { id slug number title documentType issuer issuedAt inForce }\n    }\n  }\n": types.DocumentsPageDocument,
    "\n  query DocumentPage($slug: String!) {\n    document(slug: $slug) {\n      id\n      number\n      title\n      documentType\n      issuer\n      signer\n      issuedAt\n      effectiveAt\n      expiresAt\n      inForce\n      summary\n      body\n      files { url name }\n      category { name slug }\n    }\n  }\n": types.DocumentPageDocument,
    "\n  query StaticPage($slug: String!) {\n    page(slug: $slug) { id title body seo { title description } }\n  }\n": types.StaticPageDocument,
    "\n  query Home {\n    featured: articles(filter: { featured: true }, perPage: 5) {\n      items { ...ArticleCard }\n    }\n    latest: articles(perPage: 8) {\n      items { ...ArticleCard }\n    }\n    categories {\n      id\n      name\n      slug\n      articleCount\n      children { name slug }\n      articles(perPage: 4) { items { ...ArticleCard } }\n    }\n    videos(perPage: 4) { totalCount items { ...VideoCard } }\n    galleries(perPage: 4) { totalCount items { ...GalleryCard } }\n  }\n": types.HomeDocument,
    "\n  query VideosPage($page: Int!, $perPage: Int!) {\n    videos(page: $page, perPage: $perPage) {\n      totalCount\n      page\n      totalPages\n      items { ...VideoCard description embedUrl url }\n    }\n  }\n": types.VideosPageDocument,
    "\n  query VideoPage($slug: String!) {\n    video(slug: $slug) {\n      id\n      title\n      description\n      url\n      provider\n      embedUrl\n      thumbnailUrl\n      durationSeconds\n      publishedAt\n      viewCount\n      tags\n      category { name slug }\n    }\n    more: videos(perPage: 7) { items { ...VideoCard } }\n  }\n": types.VideoPageDocument,
    "\n  query GalleriesPage($page: Int!, $perPage: Int!) {\n    galleries(page: $page, perPage: $perPage) {\n      totalCount\n      page\n      totalPages\n      items { ...GalleryCard }\n    }\n  }\n": types.GalleriesPageDocument,
    "\n  query GalleryPage($slug: String!) {\n    gallery(slug: $slug) {\n      id\n      title\n      description\n      photoCount\n      publishedAt\n      category { name slug }\n      photos(perPage: 200) {\n        items { id url caption alt credit srcset width height position }\n      }\n    }\n    more: galleries(perPage: 5) { items { ...GalleryCard } }\n  }\n": types.GalleryPageDocument,
    "\n  query SearchPage($query: String!, $page: Int!, $perPage: Int!) {\n    search(query: $query, kinds: [ARTICLE, VIDEO, GALLERY, DOCUMENT, PAGE], page: $page, perPage: $perPage) {\n      totalCount\n      totalCountIsExact\n      page\n      totalPages\n      didYouMean\n      items {\n        snippet\n        node {\n          __typename\n          ... on Article { id title slug publishedAt coverImage { url alt srcset } category { name slug } }\n          ... on Video { id title slug publishedAt thumbnailUrl }\n          ... on Gallery { id title slug publishedAt cover { url alt srcset } }\n          ... on Document { id title slug number issuedAt }\n          ... on Page { id title slug }\n        }\n      }\n    }\n  }\n": types.SearchPageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArticleCard on Article {\n    id\n    title\n    slug\n    summary\n    publishedAt\n    coverImage { url alt srcset }\n    category { name slug }\n  }\n"): (typeof documents)["\n  fragment ArticleCard on Article {\n    id\n    title\n    slug\n    summary\n    publishedAt\n    coverImage { url alt srcset }\n    category { name slug }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VideoCard on Video {\n    id\n    title\n    slug\n    thumbnailUrl\n    durationSeconds\n    provider\n    publishedAt\n  }\n"): (typeof documents)["\n  fragment VideoCard on Video {\n    id\n    title\n    slug\n    thumbnailUrl\n    durationSeconds\n    provider\n    publishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment GalleryCard on Gallery {\n    id\n    title\n    slug\n    photoCount\n    publishedAt\n    cover { url alt srcset }\n  }\n"): (typeof documents)["\n  fragment GalleryCard on Gallery {\n    id\n    title\n    slug\n    photoCount\n    publishedAt\n    cover { url alt srcset }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Layout {\n    site {\n      name\n      tagline\n      logo { url }\n      favicon { url }\n      contactEmail\n      phone\n      address\n      socialLinks { kind url }\n      footerHtml\n      timezone\n      publicUrl\n    }\n    mainMenu: menu(slug: \"main\") { items { id parentId label url } }\n    footerMenu: menu(slug: \"footer\") { items { id parentId label url } }\n    siteStats { online today thisMonth thisYear allTime }\n  }\n"): (typeof documents)["\n  query Layout {\n    site {\n      name\n      tagline\n      logo { url }\n      favicon { url }\n      contactEmail\n      phone\n      address\n      socialLinks { kind url }\n      footerHtml\n      timezone\n      publicUrl\n    }\n    mainMenu: menu(slug: \"main\") { items { id parentId label url } }\n    footerMenu: menu(slug: \"footer\") { items { id parentId label url } }\n    siteStats { online today thisMonth thisYear allTime }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sidebar {\n    mostRead: articles(sort: MOST_VIEWED, perPage: 5) {\n      items { id title slug publishedAt coverImage { url alt } }\n    }\n    documents(perPage: 4) {\n      items { slug number title issuedAt }\n    }\n    tags(first: 12) { slug name articleCount }\n    links: blocks(kind: LINK) { title url }\n    banners: blocks(kind: BANNER) { title url image { url } }\n  }\n"): (typeof documents)["\n  query Sidebar {\n    mostRead: articles(sort: MOST_VIEWED, perPage: 5) {\n      items { id title slug publishedAt coverImage { url alt } }\n    }\n    documents(perPage: 4) {\n      items { slug number title issuedAt }\n    }\n    tags(first: 12) { slug name articleCount }\n    links: blocks(kind: LINK) { title url }\n    banners: blocks(kind: BANNER) { title url image { url } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArticlePage($slug: String!) {\n    article(slug: $slug) {\n      id\n      title\n      summary\n      body\n      author\n      authorProfile { name }\n      publishedAt\n      updatedAt\n      viewCount\n      readingTimeMinutes\n      tags\n      seo { title description }\n      coverImage { url caption alt srcset }\n      category { name slug }\n      breadcrumbs { label url }\n      videos { id title slug provider embedUrl thumbnailUrl url durationSeconds }\n      galleries {\n        id\n        title\n        slug\n        photoCount\n        photos(perPage: 12) { items { id url caption alt credit srcset width height } }\n      }\n      related(limit: 6) { id title slug publishedAt coverImage { url alt srcset } }\n    }\n  }\n"): (typeof documents)["\n  query ArticlePage($slug: String!) {\n    article(slug: $slug) {\n      id\n      title\n      summary\n      body\n      author\n      authorProfile { name }\n      publishedAt\n      updatedAt\n      viewCount\n      readingTimeMinutes\n      tags\n      seo { title description }\n      coverImage { url caption alt srcset }\n      category { name slug }\n      breadcrumbs { label url }\n      videos { id title slug provider embedUrl thumbnailUrl url durationSeconds }\n      galleries {\n        id\n        title\n        slug\n        photoCount\n        photos(perPage: 12) { items { id url caption alt credit srcset width height } }\n      }\n      related(limit: 6) { id title slug publishedAt coverImage { url alt srcset } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CategoryPage($slug: String!, $page: Int!, $perPage: Int!) {\n    category(slug: $slug) {\n      id\n      name\n      slug\n      description\n      ancestors { name slug }\n      children { name slug articleCount }\n      articles(page: $page, perPage: $perPage) { ...ArticleList }\n    }\n  }\n"): (typeof documents)["\n  query CategoryPage($slug: String!, $page: Int!, $perPage: Int!) {\n    category(slug: $slug) {\n      id\n      name\n      slug\n      description\n      ancestors { name slug }\n      children { name slug articleCount }\n      articles(page: $page, perPage: $perPage) { ...ArticleList }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TagPage($slug: String!, $page: Int!, $perPage: Int!) {\n    tag(slug: $slug) {\n      name\n      slug\n      articleCount\n      articles(page: $page, perPage: $perPage) { ...ArticleList }\n    }\n  }\n"): (typeof documents)["\n  query TagPage($slug: String!, $page: Int!, $perPage: Int!) {\n    tag(slug: $slug) {\n      name\n      slug\n      articleCount\n      articles(page: $page, perPage: $perPage) { ...ArticleList }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ArticleList on ArticlePage {\n    totalCount\n    page\n    totalPages\n    items { ...ArticleCard }\n  }\n"): (typeof documents)["\n  fragment ArticleList on ArticlePage {\n    totalCount\n    page\n    totalPages\n    items { ...ArticleCard }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DocumentsPage($page: Int!, $perPage: Int!) {\n    documents(page: $page, perPage: $perPage) {\n      totalCount\n      page\n      totalPages\n      items { id slug number title documentType issuer issuedAt inForce }\n    }\n  }\n"): (typeof documents)["\n  query DocumentsPage($page: Int!, $perPage: Int!) {\n    documents(page: $page, perPage: $perPage) {\n      totalCount\n      page\n      totalPages\n      items { id slug number title documentType issuer issuedAt inForce }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DocumentPage($slug: String!) {\n    document(slug: $slug) {\n      id\n      number\n      title\n      documentType\n      issuer\n      signer\n      issuedAt\n      effectiveAt\n      expiresAt\n      inForce\n      summary\n      body\n      files { url name }\n      category { name slug }\n    }\n  }\n"): (typeof documents)["\n  query DocumentPage($slug: String!) {\n    document(slug: $slug) {\n      id\n      number\n      title\n      documentType\n      issuer\n      signer\n      issuedAt\n      effectiveAt\n      expiresAt\n      inForce\n      summary\n      body\n      files { url name }\n      category { name slug }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaticPage($slug: String!) {\n    page(slug: $slug) { id title body seo { title description } }\n  }\n"): (typeof documents)["\n  query StaticPage($slug: String!) {\n    page(slug: $slug) { id title body seo { title description } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Home {\n    featured: articles(filter: { featured: true }, perPage: 5) {\n      items { ...ArticleCard }\n    }\n    latest: articles(perPage: 8) {\n      items { ...ArticleCard }\n    }\n    categories {\n      id\n      name\n      slug\n      articleCount\n      children { name slug }\n      articles(perPage: 4) { items { ...ArticleCard } }\n    }\n    videos(perPage: 4) { totalCount items { ...VideoCard } }\n    galleries(perPage: 4) { totalCount items { ...GalleryCard } }\n  }\n"): (typeof documents)["\n  query Home {\n    featured: articles(filter: { featured: true }, perPage: 5) {\n      items { ...ArticleCard }\n    }\n    latest: articles(perPage: 8) {\n      items { ...ArticleCard }\n    }\n    categories {\n      id\n      name\n      slug\n      articleCount\n      children { name slug }\n      articles(perPage: 4) { items { ...ArticleCard } }\n    }\n    videos(perPage: 4) { totalCount items { ...VideoCard } }\n    galleries(perPage: 4) { totalCount items { ...GalleryCard } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VideosPage($page: Int!, $perPage: Int!) {\n    videos(page: $page, perPage: $perPage) {\n      totalCount\n      page\n      totalPages\n      items { ...VideoCard description embedUrl url }\n    }\n  }\n"): (typeof documents)["\n  query VideosPage($page: Int!, $perPage: Int!) {\n    videos(page: $page, perPage: $perPage) {\n      totalCount\n      page\n      totalPages\n      items { ...VideoCard description embedUrl url }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VideoPage($slug: String!) {\n    video(slug: $slug) {\n      id\n      title\n      description\n      url\n      provider\n      embedUrl\n      thumbnailUrl\n      durationSeconds\n      publishedAt\n      viewCount\n      tags\n      category { name slug }\n    }\n    more: videos(perPage: 7) { items { ...VideoCard } }\n  }\n"): (typeof documents)["\n  query VideoPage($slug: String!) {\n    video(slug: $slug) {\n      id\n      title\n      description\n      url\n      provider\n      embedUrl\n      thumbnailUrl\n      durationSeconds\n      publishedAt\n      viewCount\n      tags\n      category { name slug }\n    }\n    more: videos(perPage: 7) { items { ...VideoCard } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GalleriesPage($page: Int!, $perPage: Int!) {\n    galleries(page: $page, perPage: $perPage) {\n      totalCount\n      page\n      totalPages\n      items { ...GalleryCard }\n    }\n  }\n"): (typeof documents)["\n  query GalleriesPage($page: Int!, $perPage: Int!) {\n    galleries(page: $page, perPage: $perPage) {\n      totalCount\n      page\n      totalPages\n      items { ...GalleryCard }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GalleryPage($slug: String!) {\n    gallery(slug: $slug) {\n      id\n      title\n      description\n      photoCount\n      publishedAt\n      category { name slug }\n      photos(perPage: 200) {\n        items { id url caption alt credit srcset width height position }\n      }\n    }\n    more: galleries(perPage: 5) { items { ...GalleryCard } }\n  }\n"): (typeof documents)["\n  query GalleryPage($slug: String!) {\n    gallery(slug: $slug) {\n      id\n      title\n      description\n      photoCount\n      publishedAt\n      category { name slug }\n      photos(perPage: 200) {\n        items { id url caption alt credit srcset width height position }\n      }\n    }\n    more: galleries(perPage: 5) { items { ...GalleryCard } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchPage($query: String!, $page: Int!, $perPage: Int!) {\n    search(query: $query, kinds: [ARTICLE, VIDEO, GALLERY, DOCUMENT, PAGE], page: $page, perPage: $perPage) {\n      totalCount\n      totalCountIsExact\n      page\n      totalPages\n      didYouMean\n      items {\n        snippet\n        node {\n          __typename\n          ... on Article { id title slug publishedAt coverImage { url alt srcset } category { name slug } }\n          ... on Video { id title slug publishedAt thumbnailUrl }\n          ... on Gallery { id title slug publishedAt cover { url alt srcset } }\n          ... on Document { id title slug number issuedAt }\n          ... on Page { id title slug }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchPage($query: String!, $page: Int!, $perPage: Int!) {\n    search(query: $query, kinds: [ARTICLE, VIDEO, GALLERY, DOCUMENT, PAGE], page: $page, perPage: $perPage) {\n      totalCount\n      totalCountIsExact\n      page\n      totalPages\n      didYouMean\n      items {\n        snippet\n        node {\n          __typename\n          ... on Article { id title slug publishedAt coverImage { url alt srcset } category { name slug } }\n          ... on Video { id title slug publishedAt thumbnailUrl }\n          ... on Gallery { id title slug publishedAt cover { url alt srcset } }\n          ... on Document { id title slug number issuedAt }\n          ... on Page { id title slug }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;