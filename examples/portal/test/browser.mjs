// Browser check of the portal (headless Chromium through playwright-core).
// Started by scripts/portal-check/run, which starts bantin and the portal and
// sets: PORTAL_URL, BANTIN_URL, EDITOR_USERNAME, EDITOR_PASSWORD,
// PORTAL_ARTIFACTS (screenshots), CHROMIUM (default /usr/bin/chromium).
//
// bantin draws the demo site's pictures itself, so the pages need no other
// host: any request to one fails the check.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const PORTAL = (process.env.PORTAL_URL ?? "http://127.0.0.1:3000").replace(/\/+$/, "");
const API = (process.env.BANTIN_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
const USERNAME = process.env.EDITOR_USERNAME ?? "editor";
const PASSWORD = process.env.EDITOR_PASSWORD ?? "";
const ARTIFACTS = process.env.PORTAL_ARTIFACTS ?? "artifacts/portal";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const COUNTER_WAIT_MS = Number(process.env.COUNTER_WAIT_MS ?? 1500);
mkdirSync(ARTIFACTS, { recursive: true });

async function gql(query, variables = {}) {
  const r = await fetch(`${API}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await r.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const LOCAL = new Set(["127.0.0.1", "localhost", "[::1]"]);

const results = [];
let shot = 0;

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
// HeadlessChrome's own user agent is on bantin's bot list (bots are not counted):
// present the browser as the Chrome it is.
const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`;
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, userAgent, locale: "vi-VN" });
const page = await context.newPage();

let problems = [];
let beacons = [];
// Every picture of the demo site is served by bantin itself: a request to
// any other host is a failure.
await context.route(
  (url) => !LOCAL.has(url.hostname),
  async (route) => {
    const req = route.request();
    problems.push(`outside request: ${req.resourceType()} ${req.url()}`);
    await route.abort();
  },
);
page.on("console", (msg) => {
  if (msg.type() === "error") problems.push(`console error: ${msg.text()} (${msg.location().url ?? ""})`);
});
page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
page.on("requestfailed", (req) => {
  if (!LOCAL.has(new URL(req.url()).hostname)) return; // already reported above
  problems.push(`failed request: ${req.method()} ${req.url()} ${req.failure()?.errorText ?? ""}`);
});
page.on("response", (res) => {
  if (res.url().endsWith("/api/visit")) beacons.push(res.status());
  if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
});
page.on("dialog", (d) => d.accept());

async function step(name, fn) {
  problems = [];
  const file = join(ARTIFACTS, `${String(++shot).padStart(2, "0")}-${name}.png`);
  const started = Date.now();
  try {
    await fn();
    // Bring lazy pictures in (checked like the rest) before the full-page screenshot.
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 600) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 40));
      }
      window.scrollTo(0, 0);
    });
    await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete), null, { timeout: 10_000 });
    await page.waitForLoadState("networkidle").catch(() => undefined);
    assert.deepEqual(problems, [], "no console errors or failed requests");
    results.push({ name, ok: true, ms: Date.now() - started });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (err) {
    results.push({ name, ok: false, error: err });
    console.log(`FAIL ${name}: ${err.message.split("\n").slice(0, 12).join("\n     ")}`);
  } finally {
    await page.screenshot({ path: file, fullPage: true }).catch((e) => console.log(`     (no screenshot: ${e.message})`));
  }
}

const texts = (selector) => page.locator(selector).allInnerTexts();
const number = async (counter) => Number((await page.locator(`[data-counter="${counter}"]`).innerText()).replace(/\D/g, ""));

// What the API says, to compare the pages with.
const facts = await gql(`{
  site { name }
  featured: articles(filter: { featured: true }, perPage: 1) { items { title } }
  latest: articles(perPage: 1) { items { title } }
  category(slug: "tin-tuc") { name articles(perPage: 4) { totalPages items { title } } }
  articles(perPage: 50) { items { title slug author coverImage { caption } related(limit: 6) { title } galleries { id } } }
}`);

await step("home", async () => {
  await page.goto(`${PORTAL}/`);
  await page.locator(".brand-name").waitFor();
  assert.equal(await page.locator(".brand-name").innerText().then((t) => t.toLowerCase()), facts.site.name.toLowerCase());
  assert.equal(await page.locator(".lead-story h2").innerText(), facts.featured.items[0].title, "featured lead story");
  assert.ok((await page.locator(".side-stories li").count()) >= 2, "more featured stories");
  assert.equal((await texts(".latest-list li > a"))[0], facts.latest.items[0].title, "latest list starts with the newest");
  assert.ok((await page.locator(".category-block").count()) >= 3, "category blocks");
  assert.ok((await page.locator(".video-card").count()) >= 1, "videos");
  assert.ok((await page.locator(".album-card").count()) >= 1, "photo albums");
  assert.ok((await page.locator(".main-menu, nav.menu .menu-list > li").count()) >= 5, "main menu from the API");
  const labels = await texts(".counters dt");
  assert.ok(labels.includes("Trong năm") && labels.includes("Tất cả"), `counters labelled: ${labels}`);
  assert.ok(Number.isFinite(await number("thisYear")) && Number.isFinite(await number("allTime")));
});

await step("category-page-2", async () => {
  const c = facts.category;
  assert.ok(c.articles.totalPages >= 2, "the demo section has several pages");
  await page.goto(`${PORTAL}/chuyen-muc/tin-tuc`);
  const first = await texts(".article-list .row h3");
  assert.deepEqual(first, c.articles.items.map((a) => a.title), "page 1 lists the API's first page");
  const numbers = await texts(".pager .page");
  assert.deepEqual(numbers, Array.from({ length: c.articles.totalPages }, (_, i) => String(i + 1)), "numbered pager");
  await page.locator(".pager a.page", { hasText: /^2$/ }).click();
  await page.waitForURL(/\/chuyen-muc\/tin-tuc\?trang=2$/);
  assert.equal(await page.locator(".pager .current").innerText(), "2", "page 2 is the active one");
  const second = await texts(".article-list .row h3");
  assert.ok(second.length > 0, "page 2 has articles");
  assert.ok(second.every((t) => !first.includes(t)), "page 2 lists other articles than page 1");
});

const sample =
  facts.articles.items.find((a) => a.author && a.related.length >= 3 && a.galleries.length && a.coverImage?.caption) ??
  facts.articles.items.find((a) => a.author && a.related.length);

await step("article", async () => {
  await page.goto(`${PORTAL}/tin-tuc/${sample.slug}`);
  assert.equal(await page.locator("article h1").innerText(), sample.title);
  assert.equal(await page.locator(".byline").innerText(), sample.author, "author line");
  if (sample.coverImage?.caption) assert.equal(await page.locator(".cover figcaption").innerText(), sample.coverImage.caption);
  assert.equal(await page.locator("#related-title").innerText().then((t) => t.toLowerCase()), "tin khác");
  assert.deepEqual(await texts(".related-list .title"), sample.related.map((r) => r.title), "Tin khác lists the related articles");
  if (sample.galleries.length) assert.ok((await page.locator(".album figcaption").count()) >= 1, "captioned photos");
});

await step("search", async () => {
  await page.goto(`${PORTAL}/`);
  await page.locator(".search-box input[name=q]").fill("van phong");
  await page.locator(".search-box button").click();
  await page.waitForURL(/\/tim-kiem\?q=van\+phong$/);
  const titles = await texts(".search-results h3");
  assert.ok(titles.some((t) => t.includes("Văn phòng")), `a title with "Văn phòng" among: ${titles.join(" | ")}`);
});

await step("album-viewer", async () => {
  await page.goto(`${PORTAL}/thu-vien-anh`);
  await page.locator(".album-card").first().click();
  await page.waitForURL(/\/thu-vien-anh\/[a-z0-9-]+$/);
  const links = page.locator("a[data-lightbox]");
  const count = await links.count();
  assert.ok(count >= 2, "the album has photos");
  const href = await links.first().getAttribute("href");
  await links.first().click();
  const box = page.locator(".lightbox");
  await box.waitFor();
  assert.equal(await page.locator(".lb-img").getAttribute("src"), href, "the clicked photo is shown");
  await page.waitForFunction(() => document.querySelector(".lb-img")?.complete && document.querySelector(".lb-img").naturalWidth > 0);
  assert.equal(await page.locator(".lb-count").innerText(), `1 / ${count}`);
  assert.ok((await page.locator(".lb-caption").innerText()).length > 0, "caption shown");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.locator(".lb-count").innerText(), `2 / ${count}`);
  await page.waitForFunction(() => document.querySelector(".lb-img")?.complete);
});

await step("album-closed", async () => {
  await page.keyboard.press("Escape");
  assert.equal(await page.locator(".lightbox").count(), 0, "Escape closes the viewer");
});

await step("videos", async () => {
  await page.goto(`${PORTAL}/video`);
  assert.ok((await page.locator(".player[data-embed]").count()) === 1, "a player for the newest video");
  assert.ok((await page.locator(".video-card").count()) >= 2, "the other videos");
  assert.equal(await page.locator("iframe").count(), 0, "nothing from the video host before a click");
});

let published = "";

await step("editor-login", async () => {
  await page.goto(`${PORTAL}/dang-nhap`);
  await page.locator("input[name=username]").fill(USERNAME);
  await page.locator("input[name=password]").fill("not-the-password");
  await page.locator("#login-form button[type=submit]").click();
  await page.locator("#login-form .form-message:not([hidden])").waitFor();
  assert.match(await page.locator("#login-form .form-message").innerText(), /không đúng/, "a wrong password is refused");
  await page.locator("input[name=password]").fill(PASSWORD);
  await page.locator("#login-form button[type=submit]").click();
  await page.waitForURL(/\/bien-tap$/);
  await page.locator(".draft").first().waitFor();
  assert.ok((await page.locator(".draft .status-draft").count()) >= 1, "drafts are listed");
});

await step("editor-edit-publish", async () => {
  const draft = page.locator(".draft", { has: page.locator(".status-draft") }).first();
  const original = await draft.locator(".draft-title").innerText();
  published = `${original} (bản đã biên tập)`;
  await draft.locator("button.edit").click();
  await draft.locator("input[name=title]").fill(published);
  await draft.locator("textarea[name=summary]").fill("Tóm tắt do biên tập viên sửa trong lần kiểm tra tự động.");
  await draft.locator("form button[type=submit]").click();
  await page.locator("#editor-message.ok", { hasText: "Đã lưu" }).waitFor();
  assert.equal(await draft.locator(".draft-title").innerText(), published);
  await draft.locator("button.publish").click();
  await page.locator("#editor-message.ok", { hasText: "Đã xuất bản" }).waitFor();
  await draft.locator("a", { hasText: "Đã xuất bản" }).waitFor();
});

await step("home-after-publish", async () => {
  await page.goto(`${PORTAL}/`);
  const latest = await texts(".latest-list li > a");
  assert.ok(latest.includes(published), `the published draft is among the latest: ${latest.join(" | ")}`);
});

await step("counters-rise", async () => {
  beacons = [];
  await page.goto(`${PORTAL}/`);
  const before = { all: await number("allTime"), year: await number("thisYear") };
  for (const path of ["/chuyen-muc/thong-bao", `/tin-tuc/${sample.slug}`, "/thu-vien-anh", "/video"]) {
    await page.goto(`${PORTAL}${path}`);
    await page.waitForLoadState("networkidle");
  }
  await page.waitForTimeout(COUNTER_WAIT_MS);
  await page.reload();
  const after = { all: await number("allTime"), year: await number("thisYear") };
  assert.ok(after.all > before.all, `"Tất cả" rose: ${before.all} -> ${after.all}`);
  assert.ok(after.year > before.year, `"Trong năm" rose: ${before.year} -> ${after.year}`);
  console.log(`     Tất cả ${before.all} -> ${after.all}, Trong năm ${before.year} -> ${after.year}; beacon answers seen: ${beacons.join(",") || "none"}`);
  await page.locator(".counters").scrollIntoViewIfNeeded();
});

await step("home-mobile", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${PORTAL}/`);
  await page.locator(".menu-toggle").click();
  assert.ok(await page.locator("#menu-list").isVisible(), "the menu opens on small screens");
});

await browser.close();

const failed = results.filter((r) => !r.ok);
console.log(`\nportal browser check: screenshots in ${ARTIFACTS}`);
for (const r of results) console.log(`  ${r.ok ? "PASS" : "FAIL"}  ${r.name}`);
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
