// The portal's only data source: bantin's GraphQL endpoint, called with the
// typed documents generated into src/gql/server/.
import { AsyncLocalStorage } from "node:async_hooks";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql/language/printer";

/**
 * The page request being rendered: its id goes with every API call made
 * for it (`x-request-id`), so bantin's log ties those calls to the page.
 */
export const pageRequest = new AsyncLocalStorage<{ id: string }>();

/** Where the portal server reaches bantin (`BANTIN_URL`). */
export const API_URL = (process.env.BANTIN_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
/** Where browsers reach it (beacon, editors' screen); the same unless told. */
export const PUBLIC_API_URL = (process.env.BANTIN_BROWSER_URL ?? API_URL).replace(/\/+$/, "");

export interface GraphQLErrorEntry {
  message: string;
  extensions?: { code?: string; field?: string };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly errors: GraphQLErrorEntry[] = [],
    readonly status = 0,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const printed = new WeakMap<object, string>();

function text(document: TypedDocumentNode<unknown, unknown>): string {
  let t = printed.get(document);
  if (t === undefined) {
    t = print(document);
    printed.set(document, t);
  }
  return t;
}

/** Variables are required exactly when the operation declares some. */
type VariablesArg<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];

/** Runs one operation; the result is typed by the document. */
export async function request<R, V>(
  document: TypedDocumentNode<R, V>,
  ...[variables]: VariablesArg<V>
): Promise<R> {
  let response: Response;
  try {
    response = await fetch(`${API_URL}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(pageRequest.getStore() ? { "x-request-id": pageRequest.getStore()!.id } : {}),
      },
      body: JSON.stringify({ query: text(document as TypedDocumentNode<unknown, unknown>), variables: variables ?? {} }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (e) {
    throw new ApiError(`bantin is unreachable at ${API_URL}: ${(e as Error).message}`);
  }
  let body: { data?: R | null; errors?: GraphQLErrorEntry[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiError(`bantin answered ${response.status} without JSON`, [], response.status);
  }
  if (body.errors?.length || !body.data) {
    const errors = body.errors ?? [];
    throw new ApiError(errors.map((e) => e.message).join("; ") || `bantin answered ${response.status}`, errors, response.status);
  }
  return body.data;
}

/** Turns the absolute frontend addresses bantin gives (menus, breadcrumbs) into this portal's paths. */
export function localPath(url: string, publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, "");
  if (url === base) return "/";
  if (url.startsWith(base + "/")) return url.slice(base.length);
  return url;
}
