/* editions: the reader's place kept across editions, and this edition's downloads.
 *
 * Without JavaScript the switcher's plain links open the same page in another
 * edition, and "Download" opens the edition's entry on the site's front page.
 * With it, a switch keeps the reader's place (the address's fragment, such as
 * #fn-26, or else the section at the top of the window: ids are the same in
 * every edition), and the downloads are linked here, from editions-downloads.js,
 * which the site writes once every format is published. */
"use strict";

(() => {
  const bar = document.querySelector(".editions-bar");

  /** Where the reader is: the fragment, or the last section or note scrolled past
   * (under the bar, which stays at the top of the window). */
  const place = () => {
    if (window.location.hash) return window.location.hash;
    const main = document.querySelector('[role="main"]');
    if (!main || window.scrollY < 1) return "";
    const top = (bar ? bar.getBoundingClientRect().bottom : 0) + 24;
    let id = "";
    for (const element of main.querySelectorAll("section[id], aside.footnote[id]")) {
      if (element.getBoundingClientRect().top > top) break;
      id = element.id;
    }
    return id ? `#${id}` : "";
  };

  /** A note or section reached by its fragment shows below the bar, not under it. */
  const makeRoom = () => {
    if (bar) document.documentElement.style.scrollPaddingTop = `${bar.offsetHeight + 8}px`;
  };
  makeRoom();
  window.addEventListener("resize", makeRoom);

  /** Give a switcher link the reader's place, just before it is followed. */
  const carry = (event) => {
    const link = event.target.closest && event.target.closest("a.editions-switch");
    if (link) link.href = link.href.split("#")[0] + place();
  };
  for (const type of ["click", "auxclick", "contextmenu", "keydown"]) {
    document.addEventListener(type, carry, true);
  }

  /** The edition's PDF and EPUB, with their sizes, in place of the front page's link. */
  const showDownloads = () => {
    const box = document.querySelector(".editions-downloads");
    const site = window.EDITIONS_SITE;
    if (!box || !site || !site.editions) return;  // no site around: keep the plain link
    const downloads = (site.editions[box.dataset.edition] || {}).downloads || [];
    if (!downloads.length) {
      box.hidden = true;
      return;
    }
    const fallback = box.querySelector(".editions-downloads-fallback");
    const root = document.documentElement.dataset.content_root || "";
    const label = document.createElement("span");
    label.className = "editions-downloads-label";
    label.textContent = fallback ? `${fallback.textContent}: ` : "";
    // Each part isolated (dir): "PDF" and "1,2 MB" in a Persian line keep their order.
    const direction = document.documentElement.dir || "ltr";
    const items = downloads.map((file) => {
      const item = document.createElement("span");
      const link = document.createElement("a");
      link.href = root + file.href;
      link.type = file.type;
      link.dir = "ltr";
      link.textContent = file.label;
      const size = document.createElement("span");
      size.dir = direction;
      size.textContent = file.size;
      const sizes = document.createElement("span");
      sizes.className = "editions-size";
      sizes.append("(", size, ")");
      item.append(link, " ", sizes);
      return item;
    });
    box.replaceChildren(label, ...items.flatMap((item, i) => (i ? [" · ", item] : [item])));
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showDownloads);
  } else {
    showDownloads();
  }
})();
