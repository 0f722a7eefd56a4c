// The editors' corner: a login form and the drafts screen. Both are shells:
// the browser code (src/client/editor.ts) signs in and calls bantin directly.
import { html } from "../html";
import type { Rendered } from "./category";

export function loginPage(): Rendered {
  return {
    title: "Đăng nhập biên tập",
    main: html`<section class="editor-card" id="login">
      <h1>Đăng nhập biên tập</h1>
      <p class="lede">Dành cho biên tập viên của cổng thông tin. Bạn đọc không cần đăng nhập.</p>
      <form id="login-form" class="stack" autocomplete="on">
        <label>Tên đăng nhập <input name="username" autocomplete="username" required></label>
        <label>Mật khẩu <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit" class="primary">Đăng nhập</button>
        <p class="form-message" role="alert" hidden></p>
      </form>
      <noscript><p class="form-message">Trang biên tập cần bật JavaScript.</p></noscript>
    </section>`,
  };
}

export function editorPage(): Rendered {
  return {
    title: "Bài chờ xuất bản",
    main: html`<section id="editor" class="editor">
      <header class="editor-head">
        <div>
          <h1>Bài chờ xuất bản</h1>
          <p class="lede">Bản nháp, bài chờ duyệt và bài hẹn giờ. Sửa tiêu đề, tóm tắt rồi xuất bản ngay.</p>
        </div>
        <p class="editor-user"><span id="editor-who"></span> <button type="button" id="logout">Đăng xuất</button></p>
      </header>
      <p class="form-message" id="editor-message" role="status" hidden></p>
      <div id="drafts" aria-live="polite"><p class="empty">Đang tải…</p></div>
      <noscript><p class="form-message">Trang biên tập cần bật JavaScript.</p></noscript>
    </section>`,
  };
}
