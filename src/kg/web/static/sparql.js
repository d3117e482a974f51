// The query page works without this script: the form is a GET to /sparql and the server
// draws the answer (kg.web.querypage). The script only enhances it: it puts the CodeMirror
// editor (editor.bundle.js, built by frontend/build.sh) in place of the textarea, with
// completion from the server's vocabulary; it runs a query in place (Ctrl+Enter, the Run
// button, an example) by fetching that same page and swapping its answer in, and times the
// run. It never runs a query on load: a page opened with a query already holds its answer.
// No network access beyond this server (the page's Content-Security-Policy forbids it).
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("kg-config").textContent);
  const text = config.text;
  const form = document.getElementById("query-form");
  const textarea = document.getElementById("query");
  const timeout = document.getElementById("timeout");
  const lang = document.documentElement.lang || "en";
  // gunicorn refuses request lines over 8190 bytes (414); longer queries go by POST.
  const MAX_GET_URL = 8000;

  // --- running a query in place ----------------------------------------------------------------
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  function seconds(started) {
    return ((performance.now() - started) / 1000).toLocaleString(lang, {minimumFractionDigits: 2, maximumFractionDigits: 2});
  }

  // The same request the form makes without this script, so the answer is the same page.
  function request(query) {
    const params = new URLSearchParams({query});
    if (timeout.value) params.set("timeout", timeout.value);
    params.set("format", "html");
    const url = `${config.endpoint}?${params}`;
    const headers = {"Accept": "text/html"};
    if (url.length <= MAX_GET_URL) return fetch(url, {headers});
    return fetch(config.endpoint, {method: "POST", body: params,
      headers: {...headers, "Content-Type": "application/x-www-form-urlencoded"}});
  }

  function setStatus(summary, elapsed) {
    document.getElementById("summary").textContent = summary;
    document.getElementById("elapsed").textContent = elapsed || "";
  }

  // An answer the page could not draw (the server was unreachable, or refused the request
  // before reading the query): shown in the error box of the current answer.
  function showProblem(summary, message, elapsed) {
    const answer = document.getElementById("answer");
    setStatus(summary, elapsed);
    const error = document.getElementById("error");
    error.textContent = message;
    error.hidden = false;
    document.getElementById("links").hidden = true;
    document.getElementById("results").replaceChildren();
    answer.dataset.outcome = "failure";
  }

  // Swap in the answer (and the language links, which carry the query) from a fetched page.
  function swapIn(page) {
    const fresh = page.getElementById("answer");
    if (!fresh) return false;
    document.getElementById("answer").replaceWith(document.adoptNode(fresh));
    const links = page.querySelector("nav.lang-switch");
    const current = document.querySelector("nav.lang-switch");
    if (links && current) current.replaceWith(document.adoptNode(links));
    return true;
  }

  // The server declares a known prefix the query used undeclared (kg.pages.workbench), and
  // its page holds the query it ran: those PREFIX lines are added in front here too.
  function takeDeclarations(page, sent) {
    const ran = page.getElementById("query");
    if (!ran) return;
    const text = ran.value.replace(/\r\n/g, "\n");
    if (text !== sent && text.endsWith(sent) && editor.get() === sent) {
      editor.prepend(text.slice(0, text.length - sent.length));
    }
  }

  // options.restore: a Back/Forward to an earlier run: its answer is fetched again, and the
  // history entry is kept, not pushed.
  async function run(event, options = {}) {
    if (event) event.preventDefault();
    const query = editor.get();
    setStatus(text.running);
    const started = performance.now();
    let response;
    let body;
    try {
      response = await request(query);
      body = await response.text();
    } catch (e) {
      showProblem(text.unreachable, String(e), "");
      return;
    }
    const page = new DOMParser().parseFromString(body, "text/html");
    takeDeclarations(page, query);
    if (!swapIn(page)) {
      const message = page.querySelector(".message");
      showProblem(fill(text.failed, {status: response.status}),
        message ? message.textContent : response.statusText, fill(text.after, {seconds: seconds(started)}));
      return;
    }
    document.getElementById("elapsed").textContent =
      fill(response.ok ? text.elapsed : text.after, {seconds: seconds(started)});
    const permalink = document.getElementById("permalink");
    // Each run is a history entry (Back returns to the previous query and its answer).
    if (response.ok && permalink && !options.restore && permalink.href !== location.href) {
      history.pushState({query: editor.get()}, "", permalink.href);
    }
    if (response.ok && permalink && !options.restore) remember(editor.get(), permalink.href);
  }

  window.addEventListener("popstate", () => {
    const query = new URLSearchParams(location.search).get("query");
    editor.set(query === null ? initial : query);
    if (query === null) {  // back to the page as first opened: no answer
      document.getElementById("results").replaceChildren();
      setStatus("");
      return;
    }
    run(null, {restore: true});
  });

  // --- history, in this browser only (localStorage) -----------------------------------------
  const HISTORY_KEY = "kg.sparql.history";
  const HISTORY_MAX = 50;

  function readHistory() {
    try {
      const list = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
      return Array.isArray(list) ? list.filter((e) => typeof e.query === "string" && typeof e.href === "string") : [];
    } catch (e) {
      return [];  // storage refused (private mode) or unreadable: no history
    }
  }

  function writeHistory(list) {
    try { localStorage.setItem(HISTORY_KEY, JSON.stringify(list)); } catch (e) { /* full or refused */ }
  }

  function showHistory() {
    const list = readHistory();
    const ol = document.getElementById("history-list");
    ol.replaceChildren(...list.map((entry) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = entry.href;
      a.className = "history-entry";
      a.textContent = entry.query.replace(/\s+/g, " ").slice(0, 120);
      a.title = entry.query;
      li.append(a);
      return li;
    }));
    document.getElementById("history-empty").hidden = list.length > 0;
    document.getElementById("history-clear").hidden = list.length === 0;
  }

  function remember(query, href) {
    const list = readHistory().filter((e) => e.query !== query);
    list.unshift({query, href});
    writeHistory(list.slice(0, HISTORY_MAX));
    showHistory();
  }

  // --- wiring ----------------------------------------------------------------------------------
  const vocabulary = fetch(config.vocabulary, {headers: {"Accept": "application/json"}})
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(r.statusText))));
  const initial = textarea.value;
  const editor = window.KGEditor.mount(textarea, {run: () => run(), vocabulary, text, label: text.editor});
  form.addEventListener("submit", run);
  document.getElementById("history").hidden = false;
  showHistory();
  document.getElementById("history-clear").addEventListener("click", () => {
    try { localStorage.removeItem(HISTORY_KEY); } catch (e) { /* refused: nothing kept */ }
    showHistory();
  });
  document.getElementById("history-list").addEventListener("click", (e) => {
    const link = e.target.closest("a.history-entry");
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    editor.set(new URL(link.href).searchParams.get("query") || "");
    run(e);
  });
  const formatButton = document.getElementById("format");
  formatButton.hidden = false;
  formatButton.addEventListener("click", () => {
    // The formatter only cannot read a query with an unterminated string or IRI.
    if (!editor.format()) setStatus(text.format_failed);
    editor.focus();
  });
  document.querySelectorAll("a.example").forEach((link) => {
    link.addEventListener("click", (e) => {
      // A plain click loads the example here; a modified one opens the link as usual.
      if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      editor.set(new URL(link.href).searchParams.get("query") || "");
      run(e);
    });
  });
})();
