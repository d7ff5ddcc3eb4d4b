/* editions: the search page, in each edition's language.
 *
 * It reads Sphinx's index (searchindex.js calls Search.setIndex) and the edition's
 * language_data.js: ``splitQuery``, ``Stemmer`` and, for Azerbaijani and Persian,
 * ``editionsFold`` (one character folded as editions.search.Folding folds the index).
 * In place of Sphinx's searchtools.js, so that
 * - page titles and section titles are matched as the text is: folded and stemmed;
 * - matches are found in a folded copy of the text that maps every folded letter back
 *   to the original one, so highlights sit on the right letters in every script
 *   (İ, which lower-cases to two characters; ZWNJ, which folding drops);
 * - snippets are cut at word boundaries;
 * - a result opens its page at the first match (?match= lists the words found there,
 *   as written, for editions.js to mark);
 * - the count is said in the edition's words and digits. */
"use strict";

(() => {
  const BLOCKS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "div",
    "section", "aside", "figure", "figcaption", "blockquote", "pre", "table", "tr", "td", "th"]);
  const REMOVED = ".headerlink, .editions-note-menu, a.footnote-reference, script, style, template";
  const WORD = /[\p{L}\p{N}_\p{M}]+/gu;
  const CONTEXT_BEFORE = 90;
  const CONTEXT_AFTER = 170;

  const foldChar = (c) => (typeof editionsFold === "function" ? editionsFold(c) : c.toLowerCase());

  /** ``text`` folded, and for each folded character the index of its original one. */
  const fold = (text) => {
    let folded = "";
    const map = [];
    let index = 0;
    for (const char of text) {
      const f = foldChar(char);
      for (let k = 0; k < f.length; k += 1) map.push(index);
      folded += f;
      index += char.length;
    }
    map.push(index);
    return { folded, map };
  };

  const stemmer = typeof Stemmer === "function" ? new Stemmer() : { stemWord: (w) => w };
  const stops = window.stopwords || new Set();

  /** The query's terms, folded and stemmed as the index's words are. */
  const queryTerms = (query) => {
    const words = fold(query).folded.match(WORD) || [];
    const kept = words.filter((w) => !stops.has(w));
    return [...new Set((kept.length ? kept : words).map((w) => stemmer.stemWord(w)))];
  };

  /** Does a folded word match a term: the same stem, or the term begins it. */
  const matches = (word, term) => stemmer.stemWord(word) === term || word.startsWith(term);

  /** The words of a title that match, or null unless every term matches one. */
  const titleMatch = (title, terms) => {
    const words = fold(title).folded.match(WORD) || [];
    return terms.every((t) => words.some((w) => matches(w, t)));
  };

  const filesOf = (entry) => (entry === undefined ? [] : Array.isArray(entry) ? entry : [entry]);

  /** Pages having every term, with a score: title words weigh more, exact more than begun. */
  const findPages = (index, terms) => {
    const keys = { text: Object.keys(index.terms), title: Object.keys(index.titleterms) };
    let pages = null;
    const scores = new Map();
    for (const term of terms) {
      const found = new Map();
      const add = (files, score) => {
        for (const file of filesOf(files)) found.set(file, Math.max(found.get(file) || 0, score));
      };
      add(index.terms[term], 5);
      add(index.titleterms[term], 15);
      if (term.length > 2) {
        for (const key of keys.text) if (key !== term && key.startsWith(term)) add(index.terms[key], 2);
        for (const key of keys.title) if (key !== term && key.startsWith(term)) add(index.titleterms[key], 7);
      }
      pages = pages === null ? new Set(found.keys()) : new Set([...pages].filter((f) => found.has(f)));
      for (const [file, score] of found) scores.set(file, (scores.get(file) || 0) + score);
    }
    // Section titles, folded as the words are (Sphinx compares them unfolded).
    const sections = new Map();
    for (const [title, places] of Object.entries(index.alltitles || {})) {
      if (!titleMatch(title, terms)) continue;
      for (const [file, anchor] of places) {
        if (!sections.has(file)) sections.set(file, []);
        sections.get(file).push({ title, anchor });
        if (pages !== null) pages.add(file);
        scores.set(file, (scores.get(file) || 0) + 10);
      }
    }
    return [...(pages || [])].map((file) => ({
      file, score: scores.get(file) || 0, title: index.titles[file],
      docname: index.docnames[file], sections: sections.get(file) || [],
    })).sort((a, b) => b.score - a.score || a.title.localeCompare(b.title));
  };

  /** A page's text as its reader sees it, with the text nodes it came from. */
  const pageText = (html) => {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const main = doc.getElementById("furo-main-content") || doc.querySelector('[role="main"]');
    if (!main) return { text: "", parts: [] };
    for (const element of main.querySelectorAll(REMOVED)) element.remove();
    const parts = [];
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) parts.push({ node: child, text: child.data });
        else if (child.nodeType === Node.ELEMENT_NODE) {
          const block = BLOCKS.has(child.localName);
          if (block) parts.push({ node: null, text: "\n" });
          walk(child);
          if (block) parts.push({ node: null, text: "\n" });
        }
      }
    };
    walk(main);
    let offset = 0;
    for (const part of parts) {
      part.start = offset;
      offset += part.text.length;
    }
    return { text: parts.map((p) => p.text).join(""), parts };
  };

  /** Every match in ``text``: [start, end) in the original text, and the word as written. */
  const findMatches = (text, terms) => {
    const { folded, map } = fold(text);
    const found = [];
    for (const m of folded.matchAll(WORD)) {
      if (terms.some((t) => matches(m[0], t))) {
        const start = map[m.index];
        const end = map[m.index + m[0].length];
        found.push({ start, end, word: text.slice(start, end) });
      }
    }
    return found;
  };

  const isSpace = (c) => /\s/u.test(c);

  /** The snippet around the first match, cut at word boundaries, its matches marked. */
  const snippet = (text, found) => {
    const first = found[0];
    let start = Math.max(0, first.start - CONTEXT_BEFORE);
    let end = Math.min(text.length, first.end + CONTEXT_AFTER);
    if (start > 0) {
      while (start < first.start && !isSpace(text[start - 1])) start += 1;
    }
    if (end < text.length) {
      while (end > first.end && !isSpace(text[end])) end -= 1;
    }
    const element = document.createElement("p");
    element.className = "context";
    const squeeze = (s) => s.replace(/\s+/gu, " ");
    if (start > 0) element.append("… ");
    let at = start;
    for (const m of found) {
      if (m.start < at || m.end > end) continue;
      element.append(squeeze(text.slice(at, m.start)));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(m.start, m.end);
      element.append(mark);
      at = m.end;
    }
    element.append(squeeze(text.slice(at, end)));
    if (end < text.length) element.append(" …");
    return element;
  };

  /** The section the first match is in: the page opens there. */
  const sectionOf = (parts, offset) => {
    const part = parts.find((p) => p.node && p.start <= offset && offset < p.start + p.text.length);
    const section = part && part.node.parentElement && part.node.parentElement.closest("section[id]");
    return section ? section.id : "";
  };

  const results = document.getElementById("search-results");
  const strings = results ? results.dataset : {};
  const lang = document.documentElement.lang || "en";
  const number = new Intl.NumberFormat(lang);
  const plural = new Intl.PluralRules(lang);

  const say = (count) => {
    if (!count) return strings.none || "";
    const template = plural.select(count) === "one" ? strings.one : strings.other;
    return (template || "{n}").replace("{n}", number.format(count));
  };

  const contentRoot = document.documentElement.dataset.content_root || "";
  const suffix = (window.DOCUMENTATION_OPTIONS || {}).FILE_SUFFIX || ".html";

  const show = async (index, query) => {
    const terms = queryTerms(query);
    const summary = document.createElement("p");
    summary.className = "search-summary";
    summary.setAttribute("role", "status");
    const list = document.createElement("ul");
    list.className = "search";
    results.replaceChildren(summary, list);
    if (!terms.length) {
      summary.textContent = strings.none || "";
      results.dataset.state = "done";
      return;
    }
    summary.textContent = strings.searching || "";
    const pages = findPages(index, terms);
    const shown = await Promise.all(pages.map(async (page) => {
      const url = contentRoot + page.docname + suffix;
      let text = "";
      let parts = [];
      try {
        ({ text, parts } = pageText(await (await fetch(url)).text()));
      } catch (error) {
        // A page opened from disk may not be fetched: its result stays, without a snippet.
      }
      return { page, url, text, parts, found: findMatches(text, terms) };
    }));
    for (const { page, url, text, parts, found } of shown) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      const words = [...new Set(found.map((m) => m.word))];
      const anchor = found.length ? sectionOf(parts, found[0].start) : "";
      link.href = `${url}${words.length ? `?match=${encodeURIComponent(words.join(" "))}` : ""}${anchor ? `#${anchor}` : ""}`;
      link.textContent = page.title;
      item.append(link);
      for (const section of page.sections) {
        const sub = document.createElement("a");
        sub.className = "editions-section-hit";
        sub.href = `${url}#${section.anchor}`;
        sub.textContent = section.title;
        item.append(" ", sub);
      }
      if (found.length) item.append(snippet(text, found));
      list.append(item);
    }
    summary.textContent = say(shown.length);
    results.dataset.state = "done";
  };

  let loadedIndex = null;
  const run = () => {
    const query = new URLSearchParams(window.location.search).get("q") || "";
    for (const input of document.querySelectorAll('input[name="q"]')) input.value = query;
    if (results && loadedIndex) show(loadedIndex, query);
  };

  window.Search = {
    setIndex: (index) => {
      loadedIndex = index;
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
      else run();
    },
  };
  window.EditionsSearch = { fold, queryTerms, findMatches, findPages };
})();
