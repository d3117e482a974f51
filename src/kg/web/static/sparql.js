// The query page works without this script: the form is a GET to /sparql and the server
// draws the answer (kg.web.querypage). The script only enhances it: it highlights SPARQL
// syntax, runs a query in place (Ctrl+Enter, the Run button, an example) by fetching that
// same page and swapping its answer in, and times the run. It never runs a query on load:
// a page opened with a query already holds its answer. No libraries, no network access beyond
// this server (the page's Content-Security-Policy forbids anything else).
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("kg-config").textContent);
  const text = config.text;
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const highlight = document.getElementById("highlight");
  const timeout = document.getElementById("timeout");
  const lang = document.documentElement.lang || "en";
  // gunicorn refuses request lines over 8190 bytes (414); longer queries go by POST.
  const MAX_GET_URL = 8000;

  // --- syntax highlighting: a <pre> under a transparent <textarea> -------------------------
  const KEYWORDS = new Set(("select construct describe ask where from named prefix base distinct " +
    "reduced optional union minus graph service filter bind values as order by asc desc limit " +
    "offset group having not exists in a count sum min max avg sample group_concat separator " +
    "str lang langmatches datatype bound iri uri bnode regex contains strstarts strends lcase ucase " +
    "concat if coalesce year month day now true false undef").split(" "));
  const TOKEN = /(#[^\n]*)|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|([?$][A-Za-z0-9_]+)|(@[A-Za-z]+(?:-[A-Za-z0-9]+)*)|([A-Za-z][\w-]*)?(:[\w.-]*)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_]+)/g;

  function escapeHtml(value) {
    return value.replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  }

  function span(cls, value) { return `<span class="tok-${cls}">${escapeHtml(value)}</span>`; }

  function highlighted(value) {
    let out = "";
    let last = 0;
    value.replace(TOKEN, (match, comment, string, iri, variable, langtag, prefix, local, number, word, offset) => {
      out += escapeHtml(value.slice(last, offset));
      last = offset + match.length;
      if (comment) out += span("comment", match);
      else if (string) out += span("string", match);
      else if (iri) out += span("iri", match);
      else if (variable) out += span("var", match);
      else if (langtag) out += span("lang", match);
      else if (local !== undefined) out += span("pname", match);
      else if (number) out += span("number", match);
      else if (word && KEYWORDS.has(word.toLowerCase())) out += span("keyword", match);
      else out += escapeHtml(match);
      return match;
    });
    return out + escapeHtml(value.slice(last)) + "\n";
  }

  function refreshHighlight() {
    highlight.innerHTML = highlighted(editor.value);
    highlight.parentElement.scrollTop = editor.scrollTop;
    highlight.parentElement.scrollLeft = editor.scrollLeft;
  }

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

  async function run(event) {
    if (event) event.preventDefault();
    const query = editor.value;
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
    if (!swapIn(page)) {
      const message = page.querySelector(".message");
      showProblem(fill(text.failed, {status: response.status}),
        message ? message.textContent : response.statusText, fill(text.after, {seconds: seconds(started)}));
      return;
    }
    document.getElementById("elapsed").textContent =
      fill(response.ok ? text.elapsed : text.after, {seconds: seconds(started)});
    const permalink = document.getElementById("permalink");
    if (response.ok && permalink) history.replaceState(null, "", permalink.href);
  }

  // --- wiring ----------------------------------------------------------------------------------
  // Transparent text over the highlight only once the highlight is drawn (style.css).
  editor.parentElement.classList.add("highlighting");
  editor.addEventListener("input", refreshHighlight);
  editor.addEventListener("scroll", refreshHighlight);
  editor.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(e);
  });
  form.addEventListener("submit", run);
  document.querySelectorAll("a.example").forEach((link) => {
    link.addEventListener("click", (e) => {
      // A plain click loads the example here; a modified one opens the link as usual.
      if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      editor.value = new URL(link.href).searchParams.get("query") || "";
      refreshHighlight();
      run(e);
    });
  });
  refreshHighlight();
})();
