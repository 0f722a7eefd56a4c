// HTML built with template literals: every interpolated value is escaped
// unless it is already `Html` (a fragment built with `html`, or sanitised
// HTML from the API wrapped with `trusted`).

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false || part === true) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escape(String(part));
}

/** `html\`<p>${text}</p>\``: text is escaped, nested `Html` is kept. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? "";
  parts.forEach((part, i) => {
    out += render(part) + (strings[i + 1] ?? "");
  });
  return new Html(out);
}

/** HTML the API has already cleaned with its allow-list (article bodies, the footer). */
export function trusted(sanitised: string | null | undefined): Html {
  return new Html(sanitised ?? "");
}

/** A value for a `<script type="application/json">` block. */
export function jsonScript(value: unknown): Html {
  return new Html(JSON.stringify(value).replace(/</g, "\\u003c"));
}
