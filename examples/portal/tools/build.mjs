// Bundles the server (dist/server.js, for Node 20) and the browser code
// (dist/public/client.js), and copies the stylesheet beside it.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";

const here = new URL("..", import.meta.url);
const dist = new URL("dist/", here);
await rm(dist, { recursive: true, force: true });
await mkdir(new URL("public/", dist), { recursive: true });

await Promise.all([
  build({
    entryPoints: [new URL("src/server.ts", here).pathname],
    outfile: new URL("server.js", dist).pathname,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    sourcemap: true,
    legalComments: "none",
    logLevel: "warning",
  }),
  build({
    entryPoints: [new URL("src/client/main.ts", here).pathname],
    outfile: new URL("public/client.js", dist).pathname,
    bundle: true,
    platform: "browser",
    target: ["es2020"],
    format: "iife",
    minify: true,
    sourcemap: true,
    legalComments: "none",
    logLevel: "warning",
  }),
  copyFile(new URL("public/portal.css", here), new URL("public/portal.css", dist)),
]);
console.log("built dist/server.js and dist/public/{client.js,portal.css}");
