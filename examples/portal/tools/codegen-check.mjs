// Regenerates the typed documents into a temporary folder and compares them
// with the committed src/gql/: fails when codegen errors or the output is stale.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "portal-codegen-"));
const committed = join(root, "src/gql");

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

let failed = false;
try {
  const bin = join(root, "node_modules/.bin/graphql-codegen");
  const run = spawnSync(bin, ["--config", "codegen.ts", "--silent"], {
    cwd: root,
    env: { ...process.env, CODEGEN_OUT: tmp + "/" },
    stdio: "inherit",
  });
  if (run.status !== 0) {
    console.error("codegen:check: graphql-codegen failed");
    process.exit(1);
  }
  const fresh = new Set(files(tmp).map((p) => relative(tmp, p)));
  const old = new Set(files(committed).map((p) => relative(committed, p)));
  for (const f of new Set([...fresh, ...old])) {
    if (!fresh.has(f)) { console.error(`stale: src/gql/${f} is no longer generated`); failed = true; continue; }
    if (!old.has(f)) { console.error(`stale: src/gql/${f} is missing`); failed = true; continue; }
    if (readFileSync(join(tmp, f), "utf8") !== readFileSync(join(committed, f), "utf8")) {
      console.error(`stale: src/gql/${f} differs from a fresh codegen run`);
      failed = true;
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (failed) {
  console.error("codegen:check failed: run `npm run codegen` and commit src/gql/");
  process.exit(1);
}
console.log("codegen:check: src/gql/ is up to date");
