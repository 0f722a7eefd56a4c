// GraphQL Code Generator: typed documents for every `graphql(...)` call.
// Two outputs, so the browser bundle carries only the editors' operations:
//   src/gql/server/  documents of the portal server (src/**/*.ts but src/client)
//   src/gql/client/  documents of the browser code (src/client/**/*.ts)
// The output is committed; `npm run codegen:check` regenerates it into a
// temporary folder (CODEGEN_OUT) and fails when the two differ.
import type { CodegenConfig } from "@graphql-codegen/cli";

const out = process.env.CODEGEN_OUT ?? "./src/gql/";

const config = {
  preset: "client",
  presetConfig: { fragmentMasking: false },
  config: {
    strictScalars: true,
    useTypeImports: true,
    enumsAsTypes: true,
    scalars: {
      DateTime: "string", // RFC 3339 instant, e.g. 2026-12-02T07:30:00+00:00
      NaiveDate: "string", // calendar date, YYYY-MM-DD
      Count: "number", // whole number, exact up to 2^53
      Upload: "Blob", // multipart uploads (the portal sends none)
    },
  },
} as const;

const codegen: CodegenConfig = {
  schema: "../../schema.graphql",
  generates: {
    [`${out}server/`]: {
      ...config,
      documents: ["src/**/*.ts", "!src/client/**/*", "!src/gql/**/*"],
    },
    [`${out}client/`]: {
      ...config,
      documents: ["src/client/**/*.ts"],
    },
  },
};

export default codegen;
