// The editors' corner in the browser: sign in (tokens kept in sessionStorage),
// list drafts, edit title and summary, publish.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { graphql } from "../gql/client";
import type { DraftsQuery } from "../gql/client/graphql";
import { call, GraphQLFailure } from "./graphql";

/** What a sign-in and a refresh both give: the session kept in sessionStorage. */
export const SessionFields = graphql(`
  fragment SessionFields on AuthPayload {
    accessToken
    refreshToken
    expiresAt
    user { displayName role }
  }
`);

const LoginDocument = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) { ...SessionFields }
  }
`);

const RefreshDocument = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) { ...SessionFields }
  }
`);

const LogoutDocument = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

const DraftsDocument = graphql(`
  query Drafts {
    me { displayName role }
    articles(filter: { status: [DRAFT, IN_REVIEW, SCHEDULED] }, perPage: 100) {
      totalCount
      items {
        id
        title
        summary
        slug
        status
        version
        updatedAt
        publishedAt
        author
        category { name }
      }
    }
  }
`);

const UpdateDocument = graphql(`
  mutation UpdateDraft($id: ID!, $input: UpdateArticleInput!) {
    updateArticle(id: $id, input: $input) { id title summary version updatedAt }
  }
`);

const PublishDocument = graphql(`
  mutation PublishDraft($id: ID!) {
    publishArticle(id: $id) { id slug status publishedAt }
  }
`);

type Draft = DraftsQuery["articles"]["items"][number];

interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  name: string;
}

const KEY = "bantin.session";

function loadSession(): Session | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Session | null;
  } catch {
    return null;
  }
}

function saveSession(s: Session | null): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

const STATUS: Record<string, string> = {
  DRAFT: "Bản nháp",
  IN_REVIEW: "Chờ duyệt",
  SCHEDULED: "Hẹn giờ",
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function showMessage(target: HTMLElement | null, text: string, kind: "error" | "ok" = "error"): void {
  if (!target) return;
  target.textContent = text;
  target.className = `form-message ${kind}`;
  target.hidden = false;
}

const when = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString("vi-VN", { dateStyle: "short", timeStyle: "short" }) : "";

export function setUpLogin(api: string): void {
  const form = document.getElementById("login-form") as HTMLFormElement | null;
  if (!form) return;
  if (loadSession()) location.replace("/bien-tap");
  const message = form.querySelector<HTMLElement>(".form-message");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const button = form.querySelector("button");
    if (button) button.disabled = true;
    try {
      const { login } = await call(api, null, LoginDocument, {
        username: String(data.get("username") ?? ""),
        password: String(data.get("password") ?? ""),
      });
      saveSession({ accessToken: login.accessToken, refreshToken: login.refreshToken, expiresAt: login.expiresAt, name: login.user.displayName });
      location.assign("/bien-tap");
    } catch (err) {
      const code = err instanceof GraphQLFailure ? err.code : undefined;
      showMessage(
        message,
        code === "RATE_LIMITED"
          ? "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút."
          : code === "UNAUTHENTICATED" || code === "BAD_USER_INPUT"
            ? "Tên đăng nhập hoặc mật khẩu không đúng."
            : (err as Error).message,
      );
      if (button) button.disabled = false;
    }
  });
}

export function setUpEditor(api: string): void {
  const root = document.getElementById("editor");
  if (!root) return;
  let session = loadSession();
  if (!session) {
    location.replace("/dang-nhap");
    return;
  }
  const list = document.getElementById("drafts")!;
  const message = document.getElementById("editor-message");
  const who = document.getElementById("editor-who");
  if (who) who.textContent = session.name;

  /** Calls with the access token, refreshing it once when it has expired. */
  async function authed<R, V>(doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    const run = () => call(api, session!.accessToken, doc, variables);
    if (Date.parse(session!.expiresAt) - Date.now() < 30_000) await refresh();
    try {
      return await run();
    } catch (err) {
      if (err instanceof GraphQLFailure && err.code === "UNAUTHENTICATED") {
        await refresh();
        return run();
      }
      throw err;
    }
  }

  async function refresh(): Promise<void> {
    try {
      const { refreshToken: r } = await call(api, null, RefreshDocument, { refreshToken: session!.refreshToken });
      session = { accessToken: r.accessToken, refreshToken: r.refreshToken, expiresAt: r.expiresAt, name: r.user.displayName };
      saveSession(session);
    } catch {
      saveSession(null);
      location.replace("/dang-nhap");
      throw new Error("Phiên đăng nhập đã hết hạn.");
    }
  }

  document.getElementById("logout")?.addEventListener("click", async () => {
    const s = session;
    saveSession(null);
    if (s) await call(api, null, LogoutDocument, { refreshToken: s.refreshToken }).catch(() => undefined);
    location.assign("/dang-nhap");
  });

  function row(d: Draft): HTMLElement {
    const item = el("article", { className: "draft" });
    item.dataset.id = d.id;
    let version = d.version;

    const title = el("h2", { className: "draft-title", textContent: d.title });
    const summary = el("p", { className: "draft-summary", textContent: d.summary ?? "" });
    const info = el(
      "p",
      { className: "meta" },
      el("span", { className: `status status-${d.status.toLowerCase()}`, textContent: STATUS[d.status] ?? d.status }),
      ` ${d.category.name} · sửa lúc ${when(d.updatedAt)}`,
      d.status === "SCHEDULED" && d.publishedAt ? ` · lên trang lúc ${when(d.publishedAt)}` : "",
      d.author ? ` · ${d.author}` : "",
    );
    const edit = el("button", { type: "button", className: "edit", textContent: "Sửa" });
    const publish = el("button", { type: "button", className: "primary publish", textContent: "Xuất bản" });
    const actions = el("div", { className: "draft-actions" }, edit, publish);

    const titleInput = el("input", { name: "title", value: d.title, required: true, maxLength: 300 });
    const summaryInput = el("textarea", { name: "summary", value: d.summary ?? "", rows: 3 });
    const save = el("button", { type: "submit", className: "primary", textContent: "Lưu" });
    const cancel = el("button", { type: "button", textContent: "Hủy" });
    const form = el(
      "form",
      { className: "draft-form stack", hidden: true },
      el("label", {}, "Tiêu đề", titleInput),
      el("label", {}, "Tóm tắt", summaryInput),
      el("div", { className: "draft-actions" }, save, cancel),
    );

    edit.addEventListener("click", () => {
      form.hidden = false;
      titleInput.focus();
    });
    cancel.addEventListener("click", () => {
      form.hidden = true;
    });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      save.disabled = true;
      try {
        const { updateArticle: u } = await authed(UpdateDocument, {
          id: d.id,
          input: { version, title: titleInput.value.trim(), summary: summaryInput.value.trim() || null },
        });
        version = u.version;
        title.textContent = u.title;
        summary.textContent = u.summary ?? "";
        form.hidden = true;
        showMessage(message, `Đã lưu “${u.title}”.`, "ok");
      } catch (err) {
        const code = err instanceof GraphQLFailure ? err.code : undefined;
        showMessage(message, code === "CONFLICT" ? "Bài đã được người khác sửa trước. Hãy tải lại trang để xem bản mới nhất." : (err as Error).message);
      } finally {
        save.disabled = false;
      }
    });
    publish.addEventListener("click", async () => {
      if (!confirm(`Xuất bản bài “${title.textContent}” ngay bây giờ?`)) return;
      publish.disabled = true;
      try {
        const { publishArticle: p } = await authed(PublishDocument, { id: d.id });
        item.classList.add("published");
        actions.replaceChildren(el("a", { href: `/tin-tuc/${p.slug}`, textContent: "Đã xuất bản — xem bài" }));
        form.hidden = true;
        showMessage(message, `Đã xuất bản “${title.textContent}”.`, "ok");
      } catch (err) {
        showMessage(message, (err as Error).message);
        publish.disabled = false;
      }
    });

    item.append(title, info, summary, actions, form);
    return item;
  }

  authed(DraftsDocument, {})
    .then(({ me, articles }) => {
      if (who && me) who.textContent = `${me.displayName} (${me.role === "ADMIN" ? "quản trị" : me.role === "EDITOR" ? "biên tập viên" : "tác giả"})`;
      list.replaceChildren(
        el("p", { className: "count-line", textContent: `${articles.totalCount} bài chưa lên trang` }),
        ...(articles.items.length ? articles.items.map(row) : [el("p", { className: "empty", textContent: "Không có bài nào đang chờ." })]),
      );
    })
    .catch((err: Error) => {
      list.replaceChildren();
      showMessage(message, err.message);
    });
}
