// The portal's browser code: the visit beacon on every page, the menu on
// small screens, video players on demand, the album viewer and the editors' corner.
import { sendVisit } from "./beacon";
import { readConfig } from "./config";
import { setUpEditor, setUpLogin } from "./editor";
import { setUpLightbox } from "./lightbox";

function setUpMenu(): void {
  const toggle = document.querySelector<HTMLButtonElement>(".menu-toggle");
  const list = document.getElementById("menu-list");
  toggle?.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    list?.classList.toggle("open", open);
  });
}

/** Videos load their player only when asked: nothing from the video host before a click. */
function setUpPlayers(): void {
  document.querySelectorAll<HTMLElement>(".player[data-embed]").forEach((box) => {
    box.querySelector("button")?.addEventListener("click", () => {
      const src = box.dataset.embed!;
      let media: HTMLElement;
      if (box.dataset.provider === "FILE") {
        const video = document.createElement("video");
        video.src = src;
        video.controls = true;
        video.autoplay = true;
        media = video;
      } else {
        const frame = document.createElement("iframe");
        frame.src = src + (box.dataset.provider === "YOUTUBE" ? (src.includes("?") ? "&" : "?") + "autoplay=1" : "");
        frame.title = box.dataset.title ?? "Video";
        frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
        frame.allowFullscreen = true;
        media = frame;
      }
      box.replaceChildren(media);
      box.classList.add("playing");
    });
  });
}

function start(): void {
  const config = readConfig();
  sendVisit(config);
  setUpMenu();
  setUpPlayers();
  setUpLightbox();
  setUpLogin(config.api);
  setUpEditor(config.api);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
