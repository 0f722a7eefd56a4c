// The album viewer: links marked data-lightbox open their photo full screen,
// with the caption, previous/next (arrows, keys, swipe) and Escape to close.

interface Slide {
  src: string;
  alt: string;
  caption: string;
  credit: string;
}

export function setUpLightbox(): void {
  const albums = document.querySelectorAll<HTMLElement>("[data-album]");
  albums.forEach((album) => {
    const links = Array.from(album.querySelectorAll<HTMLAnchorElement>("a[data-lightbox]"));
    const slides: Slide[] = links.map((a) => ({
      src: a.href,
      alt: a.querySelector("img")?.alt ?? "",
      caption: a.dataset.caption ?? "",
      credit: a.dataset.credit ?? "",
    }));
    links.forEach((a, i) =>
      a.addEventListener("click", (e) => {
        e.preventDefault();
        open(slides, i, a);
      }),
    );
  });
}

function open(slides: Slide[], start: number, opener: HTMLElement): void {
  let index = start;
  const box = document.createElement("div");
  box.className = "lightbox";
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-modal", "true");
  box.setAttribute("aria-label", "Xem ảnh");
  box.innerHTML = `
    <button type="button" class="lb-close" aria-label="Đóng">×</button>
    <button type="button" class="lb-prev" aria-label="Ảnh trước">‹</button>
    <figure class="lb-figure"><img class="lb-img" alt=""><figcaption class="lb-caption"></figcaption></figure>
    <button type="button" class="lb-next" aria-label="Ảnh sau">›</button>
    <p class="lb-count"></p>`;
  const img = box.querySelector<HTMLImageElement>(".lb-img")!;
  const caption = box.querySelector<HTMLElement>(".lb-caption")!;
  const counter = box.querySelector<HTMLElement>(".lb-count")!;

  const show = (i: number) => {
    index = (i + slides.length) % slides.length;
    const s = slides[index]!;
    img.src = s.src;
    img.alt = s.alt;
    caption.textContent = [s.caption, s.credit].filter(Boolean).join(" — ");
    counter.textContent = `${index + 1} / ${slides.length}`;
  };
  const close = () => {
    document.removeEventListener("keydown", onKey);
    box.remove();
    document.body.classList.remove("lb-open");
    opener.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") close();
    else if (e.key === "ArrowLeft") show(index - 1);
    else if (e.key === "ArrowRight") show(index + 1);
  };

  box.querySelector(".lb-close")!.addEventListener("click", close);
  box.querySelector(".lb-prev")!.addEventListener("click", () => show(index - 1));
  box.querySelector(".lb-next")!.addEventListener("click", () => show(index + 1));
  box.addEventListener("click", (e) => {
    if (e.target === box) close();
  });
  let touchX: number | null = null;
  box.addEventListener("touchstart", (e) => (touchX = e.touches[0]?.clientX ?? null), { passive: true });
  box.addEventListener("touchend", (e) => {
    const x = e.changedTouches[0]?.clientX;
    if (touchX !== null && x !== undefined && Math.abs(x - touchX) > 40) show(index + (x < touchX ? 1 : -1));
    touchX = null;
  });
  document.addEventListener("keydown", onKey);
  document.body.append(box);
  document.body.classList.add("lb-open");
  show(index);
  box.querySelector<HTMLButtonElement>(".lb-close")!.focus();
}
