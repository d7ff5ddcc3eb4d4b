/* editions: the exact passage kept when the reader moves between editions.
 *
 * Every paragraph, heading and caption has the same id in every edition (p-<hash> of
 * its source message), and so has every row of a parallel page (data-align). A link
 * to another edition (the switcher), to a parallel page ("read beside") or from a
 * parallel page back to a single edition carries the id of the passage nearest the top
 * of the window, so the next page opens at that passage. Without script the links
 * open the same page at its top: a link alone cannot know where the reader is.
 *
 * On a wide screen a parallel page's rows are always open (two columns); on a phone
 * each row's other language is a <details> the reader may close. */
"use strict";

(() => {
  const CARRIERS = "a.editions-switch, a.editions-parallel-link, a.parallel-carry";
  const PASSAGES = '[data-align], [id^="p-"], aside.footnote[id^="fn-"]';
  const wide = window.matchMedia("(min-width: 48em)");

  /** What stays at the top of the window (Furo's header on a phone, a page's bar). */
  const stickyBottom = () => {
    let bottom = 0;
    for (const element of document.querySelectorAll(".mobile-header, .editions-bar, .parallel-bar")) {
      const style = getComputedStyle(element);
      if (style.display === "none" || !["sticky", "fixed"].includes(style.position)) continue;
      bottom = Math.max(bottom, element.getBoundingClientRect().bottom);
    }
    return bottom;
  };

  /** The passage the reader is at: the address's own, while it is in view, else the
   * first passage not yet scrolled past. A row's cells are not passages of their own. */
  const passage = () => {
    const top = stickyBottom() + 4;
    const named = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (named) {
      const box = named.getBoundingClientRect();
      if (box.bottom > top && box.top < window.innerHeight) return named.id;
    }
    if (window.scrollY < 1) return "";
    for (const element of document.querySelectorAll(PASSAGES)) {
      if (element.parentElement.closest("[data-align]")) continue;
      const box = element.getBoundingClientRect();
      if (box.height === 0) continue;
      // Half of it (or two lines) still in view: the reader is at it, not past it.
      if (box.bottom > top + Math.min(box.height / 2, 32)) return element.id;
    }
    return "";
  };

  const carry = (event) => {
    const link = event.target.closest && event.target.closest(CARRIERS);
    if (!link) return;
    const id = passage();
    link.href = link.href.split("#")[0] + (id ? `#${id}` : "");
  };
  // After editions.js's own handler (registered first), which keeps only the section.
  for (const type of ["click", "auxclick", "contextmenu", "keydown"]) {
    document.addEventListener(type, carry, true);
  }

  // --- the header bar's height, for what sticks below it (editions-parallel.css) ------------

  const measureBar = () => {
    for (const name of ["editions-bar", "parallel-bar"]) {
      const bar = document.querySelector(`.${name}`);
      if (bar) document.documentElement.style.setProperty(`--${name}-height`, `${bar.offsetHeight}px`);
    }
  };
  window.addEventListener("resize", measureBar, { passive: true });

  // --- a parallel page: both columns always shown on a wide screen ------------------------

  const openOnWideScreens = () => {
    if (!wide.matches) return;
    for (const details of document.querySelectorAll("details.parallel-other")) {
      details.open = true;
    }
  };
  wide.addEventListener("change", openOnWideScreens);
  // --- the passage in the address stays at the top once the page has settled ----------
  // The browser scrolls to it while the page is still loading; the header bar's books,
  // the web font and the notes' menus then move it down the window.
  let readerScrolled = false;
  for (const type of ["wheel", "touchmove", "keydown", "mousedown"]) {
    window.addEventListener(type, () => { readerScrolled = true; }, { passive: true, once: true });
  }
  const settle = () => {
    const hash = window.location.hash.slice(1);
    const target = hash && document.getElementById(hash);
    if (!target || readerScrolled || !target.matches(PASSAGES)) return;
    const gap = target.getBoundingClientRect().top - stickyBottom();
    if (Math.abs(gap) > 12) target.scrollIntoView();
  };
  window.addEventListener("load", () => window.requestAnimationFrame(settle));

  const start = () => {
    measureBar();
    openOnWideScreens();
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
