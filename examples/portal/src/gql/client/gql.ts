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
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    user { displayName role }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) { ...SessionFields }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) { ...SessionFields }\n  }\n": typeof types.RefreshDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  query Drafts {\n    me { displayName role }\n    articles(filter: { status: [DRAFT, IN_REVIEW, SCHEDULED] }, perPage: 100) {\n      totalCount\n      items {\n        id\n        title\n        summary\n        slug\n        status\n        version\n        updatedAt\n        publishedAt\n        author\n        category { name }\n      }\n    }\n  }\n": typeof types.DraftsDocument,
    "\n  mutation UpdateDraft($id: ID!, $input: UpdateArticleInput!) {\n    updateArticle(id: $id, input: $input) { id title summary version updatedAt }\n  }\n": typeof types.UpdateDraftDocument,
    "\n  mutation PublishDraft($id: ID!) {\n    publishArticle(id: $id) { id slug status publishedAt }\n  }\n": typeof types.PublishDraftDocument,
};
const documents: Documents = {
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    user { displayName role }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) { ...SessionFields }\n  }\n": types.LoginDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) { ...SessionFields }\n  }\n": types.RefreshDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  query Drafts {\n    me { displayName role }\n    articles(filter: { status: [DRAFT, IN_REVIEW, SCHEDULED] }, perPage: 100) {\n      totalCount\n      items {\n        id\n        title\n        summary\n        slug\n        status\n        version\n        updatedAt\n        publishedAt\n        author\n        category { name }\n      }\n    }\n  }\n": types.DraftsDocument,
    "\n  mutation UpdateDraft($id: ID!, $input: UpdateArticleInput!) {\n    updateArticle(id: $id, input: $input) { id title summary version updatedAt }\n  }\n": types.UpdateDraftDocument,
    "\n  mutation PublishDraft($id: ID!) {\n    publishArticle(id: $id) { id slug status publishedAt }\n  }\n": types.PublishDraftDocument,
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
export function graphql(source: "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    user { displayName role }\n  }\n"): (typeof documents)["\n  fragment SessionFields on AuthPayload {\n    accessToken\n    refreshToken\n    expiresAt\n    user { displayName role }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) { ...SessionFields }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) { ...SessionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) { ...SessionFields }\n  }\n"): (typeof documents)["\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) { ...SessionFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Drafts {\n    me { displayName role }\n    articles(filter: { status: [DRAFT, IN_REVIEW, SCHEDULED] }, perPage: 100) {\n      totalCount\n      items {\n        id\n        title\n        summary\n        slug\n        status\n        version\n        updatedAt\n        publishedAt\n        author\n        category { name }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Drafts {\n    me { displayName role }\n    articles(filter: { status: [DRAFT, IN_REVIEW, SCHEDULED] }, perPage: 100) {\n      totalCount\n      items {\n        id\n        title\n        summary\n        slug\n        status\n        version\n        updatedAt\n        publishedAt\n        author\n        category { name }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateDraft($id: ID!, $input: UpdateArticleInput!) {\n    updateArticle(id: $id, input: $input) { id title summary version updatedAt }\n  }\n"): (typeof documents)["\n  mutation UpdateDraft($id: ID!, $input: UpdateArticleInput!) {\n    updateArticle(id: $id, input: $input) { id title summary version updatedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishDraft($id: ID!) {\n    publishArticle(id: $id) { id slug status publishedAt }\n  }\n"): (typeof documents)["\n  mutation PublishDraft($id: ID!) {\n    publishArticle(id: $id) { id slug status publishedAt }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;