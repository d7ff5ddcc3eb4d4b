/* editions: what script adds to a page that works without it.
 *
 * - The switcher's plain links open the same page in another edition; with script a
 *   switch also keeps the reader's place (the address's fragment, such as #fn-26, or
 *   the section at the top of the window: ids are the same in every edition).
 * - The header's plain links to the edition's PDF and EPUB get their sizes from
 *   editions-downloads.js, which the site writes once every format is published; a
 *   book that the site does not have is hidden.
 * - A note's reference opens a preview of the note (tap, click, Enter; hover with a
 *   mouse) instead of jumping to the end of the chapter; without script it is the plain
 *   link to the note, whose number links back to the sentence.
 * - Moving between a sentence and its note replaces the history entry, so Back leaves
 *   the chapter in one press however many notes were read. */
"use strict";

(() => {
  const root = document.documentElement;
  const rtl = root.dir === "rtl";
  const phone = window.matchMedia("(max-width: 40em)");
  const finePointer = window.matchMedia("(hover: hover) and (pointer: fine)");

  /** The height of what stays at the top of the window (Furo's header on a phone). */
  const stickyHeight = () => {
    const header = document.querySelector(".mobile-header");
    if (!header || getComputedStyle(header).display === "none") return 0;
    return header.getBoundingClientRect().bottom;
  };

  // --- the switcher keeps the reader's place -------------------------------------------

  // A passage (its id is the same in every edition), else its section or note.
  const PLACES = 'section[id], aside.footnote[id], [id^="p-"]';

  /** The passage being read: the last to begin above the window's upper third. */
  const sectionAtTop = () => {
    const main = document.getElementById("furo-main-content");
    if (!main || window.scrollY < 1) return "";
    const top = stickyHeight() + window.innerHeight / 3;
    let id = "";
    for (const element of main.querySelectorAll(PLACES)) {
      if (element.getBoundingClientRect().top > top) break;
      id = element.id;
    }
    return id;
  };

  // Where the reader stopped to read: kept when the window has been still for a moment,
  // so that scrolling back up to the switcher does not lose it.
  const DWELL_MS = 800;
  let readingAt = "";
  let dwell = 0;
  /** The fragment's element (a note, the sentence a back-link returned to) is in view. */
  const fragmentInView = () => {
    const named = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (!named) return false;
    const box = named.getBoundingClientRect();
    return box.bottom > stickyHeight() && box.top < window.innerHeight;
  };
  window.addEventListener("scroll", () => {
    window.clearTimeout(dwell);
    dwell = window.setTimeout(() => {
      const id = fragmentInView() ? window.location.hash.slice(1) : sectionAtTop();
      if (id) readingAt = id;
    }, DWELL_MS);
  }, { passive: true });

  /** Where the reader is: the fragment, unless the reader has since read on elsewhere,
   * else the section being read. */
  const place = () => {
    if (window.location.hash && (fragmentInView() || !readingAt)) return window.location.hash;
    const id = sectionAtTop() || readingAt;
    return id ? `#${id}` : "";
  };

  // Last, after any other script's carrier (editions-parallel.js's, which knows the
  // passage in view): only a link that leaves with no place gets the one read last.
  const carry = (event) => {
    const link = event.target.closest && event.target.closest("a.editions-switch");
    if (link && !new URL(link.href, window.location.href).hash) {
      link.href = link.href.split("#")[0] + place();
    }
  };
  for (const type of ["click", "auxclick", "contextmenu", "keydown"]) {
    document.addEventListener(type, carry);
  }

  // --- the books' sizes ----------------------------------------------------------------

  const showSizes = () => {
    const box = document.querySelector(".editions-downloads");
    const site = window.EDITIONS_SITE;
    if (!box || !site || !site.editions) return; // no site around: the plain links stay
    const published = (site.editions[box.dataset.edition] || {}).downloads || [];
    const byFormat = new Map(published.map((book) => [book.format, book]));
    let shown = 0;
    for (const link of box.querySelectorAll("a[data-format]")) {
      const book = byFormat.get(link.dataset.format);
      const item = link.previousElementSibling && link.previousElementSibling.matches("[aria-hidden]")
        ? [link, link.previousElementSibling] : [link];
      if (!book) {
        for (const element of item) element.hidden = true;
        continue;
      }
      shown += 1;
      if (!link.querySelector(".editions-size")) {
        const size = document.createElement("span");
        size.className = "editions-size";
        size.dir = root.dir || "ltr";
        size.textContent = ` (${book.size})`;
        link.append(size);
      }
    }
    // The separator before the first book shown is not needed.
    const visible = [...box.querySelectorAll("a[data-format]:not([hidden])")];
    if (visible.length) {
      const before = visible[0].previousElementSibling;
      if (before && before.matches("[aria-hidden]")) before.hidden = true;
    }
    box.hidden = shown === 0;
  };

  // --- notes: previews, and moving without filling the history -------------------------

  /** Go to a fragment of this page in place of the current history entry. */
  const goTo = (hash) => {
    window.location.replace(hash);
  };

  let preview = null;
  let opener = null;
  let hoverTimer = 0;
  let byHover = false;

  const makePreview = () => {
    const template = document.getElementById("editions-preview-template");
    if (!template) return null;
    const element = template.content.firstElementChild.cloneNode(true);
    document.body.append(element);
    element.querySelector(".editions-preview-close").addEventListener("click", () => close(true));
    element.querySelector(".editions-preview-go").addEventListener("click", (event) => {
      event.preventDefault();
      const hash = event.currentTarget.getAttribute("href");
      close(false);
      goTo(hash);
    });
    element.addEventListener("toggle", (event) => {
      if (event.newState === "closed") afterClose();
    });
    // Escape closes it and returns to the sentence (not left to the browser's light
    // dismiss, which moves the focus to the page's start).
    element.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      }
    });
    element.addEventListener("mouseenter", () => window.clearTimeout(hoverTimer));
    element.addEventListener("mouseleave", () => { if (byHover) scheduleClose(); });
    return element;
  };

  let returnFocus = false;
  const afterClose = () => {
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (returnFocus || preview.contains(document.activeElement)) opener.focus({ preventScroll: true });
      opener.classList.add("editions-returned");
      const was = opener;
      window.setTimeout(() => was.classList.remove("editions-returned"), 1500);
    }
    returnFocus = false;
  };

  const close = (focusBack) => {
    if (!preview || !preview.matches(":popover-open")) return;
    returnFocus = focusBack;
    preview.hidePopover();
  };

  const position = (reference) => {
    preview.style.top = preview.style.left = preview.style.right = preview.style.bottom = "";
    if (phone.matches) return; // a sheet at the bottom (editions.css)
    const ref = reference.getBoundingClientRect();
    const box = preview.getBoundingClientRect();
    const gap = 8;
    const below = ref.bottom + gap;
    const top = below + box.height <= window.innerHeight - gap || ref.top < box.height + gap
      ? below : ref.top - gap - box.height;
    preview.style.top = `${Math.max(gap, top)}px`;
    // Aligned with the reference on the side the text starts from, kept in the window.
    const width = box.width;
    let start = rtl ? ref.right - width + 16 : ref.left - 16;
    start = Math.min(Math.max(gap, start), window.innerWidth - width - gap);
    preview.style.left = `${start}px`;
  };

  const open = (reference, { focus }) => {
    const note = document.getElementById(reference.hash.slice(1));
    if (!note) return false;
    if (!preview) preview = makePreview();
    if (!preview) return false;
    if (preview.matches(":popover-open")) {
      if (opener === reference) return true;
      preview.hidePopover();
    }
    opener = reference;
    byHover = !focus;
    const body = preview.querySelector(".editions-preview-body");
    const parts = [...note.children].filter(
      (child) => !child.matches("span.label, .editions-note-menu"));
    body.replaceChildren(...parts.map((part) => part.cloneNode(true)));
    for (const element of body.querySelectorAll("[id]")) element.removeAttribute("id");
    const label = note.querySelector("span.label a, span.label");
    preview.querySelector(".editions-preview-number").textContent =
      label ? label.textContent.replace(/[[\]]/g, "") : "";
    preview.querySelector(".editions-preview-go").setAttribute("href", reference.hash);
    preview.showPopover();
    position(reference);
    reference.setAttribute("aria-expanded", "true");
    if (focus) preview.focus({ preventScroll: true });
    return true;
  };

  const scheduleClose = () => {
    window.clearTimeout(hoverTimer);
    hoverTimer = window.setTimeout(() => close(false), 400);
  };

  const noteReference = (target) =>
    target.closest && target.closest('a.footnote-reference[href^="#fn-"]');

  const plainClick = (event) =>
    event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

  const enhanceNotes = () => {
    const references = document.querySelectorAll('a.footnote-reference[href^="#fn-"]');
    for (const reference of references) {
      reference.setAttribute("aria-haspopup", "dialog");
      reference.setAttribute("aria-expanded", "false");
    }
    document.addEventListener("click", (event) => {
      const reference = noteReference(event.target);
      if (reference && plainClick(event)) {
        if (open(reference, { focus: true })) event.preventDefault();
        return;
      }
      // A note's number, back to its sentence; the history keeps one entry.
      const back = event.target.closest && event.target.closest('a[role="doc-backlink"]');
      if (back && plainClick(event) && back.hash) {
        event.preventDefault();
        goTo(back.hash);
      }
    });
    if (finePointer.matches) {
      document.addEventListener("mouseover", (event) => {
        const reference = noteReference(event.target);
        if (!reference) return;
        window.clearTimeout(hoverTimer);
        hoverTimer = window.setTimeout(() => open(reference, { focus: false }), 250);
      });
      document.addEventListener("mouseout", (event) => {
        if (noteReference(event.target) && byHover) scheduleClose();
      });
      // A preview that the pointer opened follows the pointer: it goes when the page moves.
      window.addEventListener("scroll", () => { if (byHover) close(false); }, { passive: true });
    }
  };

  // --- a search result: its words marked, the first in view ---------------------------

  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  const markMatches = () => {
    const words = (new URLSearchParams(window.location.search).get("match") || "")
      .split(" ").filter((w) => w);
    const main = document.getElementById("furo-main-content");
    if (!words.length || !main) return;
    words.sort((a, b) => b.length - a.length);
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}\\p{M}])(?:${words.map(escape).join("|")})(?![\\p{L}\\p{N}\\p{M}])`, "gu");
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement.closest(".headerlink, .editions-note-menu, script")
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    const marks = [];
    for (const node of nodes) {
      const text = node.data;
      const found = [...text.matchAll(pattern)];
      if (!found.length) continue;
      const pieces = [];
      let at = 0;
      for (const m of found) {
        pieces.push(text.slice(at, m.index));
        const mark = document.createElement("mark");
        mark.className = "editions-highlight";
        mark.textContent = m[0];
        pieces.push(mark);
        marks.push(mark);
        at = m.index + m[0].length;
      }
      pieces.push(text.slice(at));
      node.replaceWith(...pieces);
    }
    if (!marks.length) return;
    // The first match at or after the section the result named (the page's title may
    // hold the word too, above it).
    const section = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    const first = (section && marks.find((m) => section.contains(m))) || marks[0];
    first.scrollIntoView({ block: "center" });
    first.classList.add("editions-first-match");
  };

  const start = () => {
    showSizes();
    enhanceNotes();
    markMatches();
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
