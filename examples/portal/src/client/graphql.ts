// bantin's GraphQL from the browser, for the editors' screen: typed documents
// from src/gql/client/, the access token from sessionStorage.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql/language/printer";

export class GraphQLFailure extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export async function call<R, V>(
  api: string,
  token: string | null,
  document: TypedDocumentNode<R, V>,
  variables: V,
): Promise<R> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(`${api}/graphql`, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch {
    throw new GraphQLFailure("Không kết nối được máy chủ dữ liệu.", "NETWORK");
  }
  const body = (await response.json().catch(() => ({}))) as {
    data?: R | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  const first = body.errors?.[0];
  if (first || !body.data) {
    throw new GraphQLFailure(first?.message ?? `Máy chủ trả lời ${response.status}.`, first?.extensions?.code);
  }
  return body.data;
}
