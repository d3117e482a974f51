// The query editor: runs the query against /sparql, shows a table with labels and links,
// offers a permalink and downloads, and highlights SPARQL syntax. No libraries, no network
// access beyond this server (the page's Content-Security-Policy forbids anything else).
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("kg-config").textContent);
  const form = document.getElementById("query-form");
  const editor = document.getElementById("query");
  const highlight = document.getElementById("highlight");
  const statusLine = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const results = document.getElementById("results");
  const links = document.getElementById("links");
  const permalink = document.getElementById("permalink");
  const downloads = document.getElementById("downloads");
  const timeout = document.getElementById("timeout");
  const lang = document.documentElement.lang || "en";

  // --- syntax highlighting: a <pre> under a transparent <textarea> -------------------------
  const KEYWORDS = new Set(("select construct describe ask where from named prefix base distinct " +
    "reduced optional union minus graph service filter bind values as order by asc desc limit " +
    "offset group having not exists in a count sum min max avg sample group_concat separator " +
    "str lang langmatches datatype bound iri uri bnode regex contains strstarts strends lcase ucase " +
    "concat if coalesce year month day now true false undef").split(" "));
  const TOKEN = /(#[^\n]*)|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|([?$][A-Za-z0-9_]+)|(@[A-Za-z]+(?:-[A-Za-z0-9]+)*)|([A-Za-z][\w-]*)?(:[\w.-]*)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_]+)/g;

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  }

  function span(cls, text) { return `<span class="tok-${cls}">${escapeHtml(text)}</span>`; }

  function highlighted(text) {
    let out = "";
    let last = 0;
    text.replace(TOKEN, (match, comment, string, iri, variable, langtag, prefix, local, number, word, offset) => {
      out += escapeHtml(text.slice(last, offset));
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
    return out + escapeHtml(text.slice(last)) + "\n";
  }

  function refreshHighlight() {
    highlight.innerHTML = highlighted(editor.value);
    highlight.parentElement.scrollTop = editor.scrollTop;
    highlight.parentElement.scrollLeft = editor.scrollLeft;
  }

  // --- terms, labels and links --------------------------------------------------------------
  function localPath(iri) {
    return iri.startsWith(config.base) ? "/" + iri.slice(config.base.length) : null;
  }

  function compact(iri) {
    let best = null;
    for (const [prefix, ns] of Object.entries(config.prefixes)) {
      if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
    }
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : `<${iri}>`;
  }

  const SAFE_IRI = /^[^<>"{}|^`\\\s]+$/;

  async function fetchLabels(iris) {
    const wanted = [...iris].filter((i) => SAFE_IRI.test(i)).slice(0, 300);
    if (!wanted.length) return {};
    const query = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
      "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX schema: <http://schema.org/>\n" +
      "SELECT ?s ?label WHERE { VALUES ?s { " + wanted.map((i) => `<${i}>`).join(" ") +
      " } ?s rdfs:label|skos:prefLabel|schema:name ?label }";
    try {
      const answer = await post(query, "application/sparql-results+json");
      if (!answer.ok) return {};
      const data = await answer.json();
      const labels = {};
      for (const row of data.results.bindings) {
        const iri = row.s.value;
        const tag = row.label["xml:lang"] || "";
        const rank = tag === lang ? 0 : tag === "" ? 1 : tag === "en" ? 2 : 3;
        if (!(iri in labels) || rank < labels[iri].rank) labels[iri] = {text: row.label.value, rank};
      }
      return labels;
    } catch (e) {
      return {};
    }
  }

  function termCell(term, labels) {
    const cell = document.createElement("td");
    if (!term) return cell;
    if (term.type === "uri") {
      const a = document.createElement("a");
      const path = localPath(term.value);
      a.href = path || term.value;
      if (!path) a.rel = "noopener noreferrer";
      a.title = term.value;
      a.textContent = labels[term.value] ? labels[term.value].text : compact(term.value);
      cell.appendChild(a);
      if (labels[term.value]) {
        const small = document.createElement("small");
        small.className = "iri";
        small.textContent = compact(term.value);
        cell.append(" ", small);
      }
    } else if (term.type === "bnode") {
      cell.textContent = "_:" + term.value;
      cell.className = "bnode";
    } else {
      cell.textContent = term.value;
      if (term["xml:lang"]) {
        cell.lang = term["xml:lang"];
        const tag = document.createElement("small");
        tag.className = "lang";
        tag.textContent = "@" + term["xml:lang"];
        cell.append(" ", tag);
      } else if (term.datatype) {
        cell.title = term.datatype;
      }
    }
    return cell;
  }

  async function renderTable(data) {
    const vars = data.head.vars;
    const rows = data.results.bindings;
    const iris = new Set();
    rows.forEach((row) => vars.forEach((v) => { if (row[v] && row[v].type === "uri") iris.add(row[v].value); }));
    const labels = await fetchLabels(iris);
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    vars.forEach((v) => { const th = document.createElement("th"); th.textContent = "?" + v; head.appendChild(th); });
    const body = table.createTBody();
    rows.forEach((row) => {
      const tr = body.insertRow();
      vars.forEach((v) => tr.appendChild(termCell(row[v], labels)));
    });
    results.replaceChildren(table);
  }

  // --- running a query -----------------------------------------------------------------------
  function post(query, accept) {
    const params = new URLSearchParams({query});
    if (timeout.value) params.set("timeout", timeout.value);
    return fetch(config.endpoint, {method: "POST", body: params,
      headers: {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}});
  }

  function showError(message) {
    errorBox.hidden = false;
    errorBox.textContent = message;
    results.replaceChildren();
  }

  function showLinks(query, kind) {
    const q = encodeURIComponent(query);
    permalink.href = `${config.endpoint}?query=${q}`;
    downloads.replaceChildren(document.createTextNode("Download: "));
    config.formats[kind].forEach((suffix, i) => {
      const a = document.createElement("a");
      a.href = `${config.endpoint}?query=${q}&format=${suffix}&download=1`;
      a.textContent = config.labels[suffix] || suffix;
      a.className = "download";
      if (i) downloads.append(" · ");
      downloads.appendChild(a);
    });
    links.hidden = false;
    history.replaceState(null, "", permalink.href);
  }

  async function run(event) {
    if (event) event.preventDefault();
    const query = editor.value;
    errorBox.hidden = true;
    statusLine.textContent = "Running…";
    const started = performance.now();
    let answer;
    try {
      answer = await post(query, "application/sparql-results+json, text/turtle;q=0.9");
    } catch (e) {
      statusLine.textContent = "";
      showError("The server could not be reached: " + e);
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = answer.headers.get("Content-Type") || "";
    if (!answer.ok) {
      statusLine.textContent = `Failed after ${seconds} s (HTTP ${answer.status})`;
      let message = await answer.text();
      try { message = JSON.parse(message).message; } catch (e) { /* plain text error */ }
      showError(message);
      return;
    }
    const truncated = answer.headers.get("X-KG-Truncated");
    if (type.startsWith("application/sparql-results+json")) {
      const data = await answer.json();
      if ("boolean" in data) {
        const p = document.createElement("p");
        p.className = "boolean";
        p.textContent = data.boolean ? "true" : "false";
        results.replaceChildren(p);
        statusLine.textContent = `ASK answered in ${seconds} s`;
      } else {
        await renderTable(data);
        statusLine.textContent = `${data.results.bindings.length} rows in ${seconds} s` +
          (truncated ? ` — truncated at SPARQL_MAX_ROWS; add LIMIT/OFFSET to page` : "");
      }
      showLinks(query, "results");
    } else {
      const pre = document.createElement("pre");
      pre.className = "graph";
      pre.textContent = await answer.text();
      results.replaceChildren(pre);
      statusLine.textContent = `${answer.headers.get("X-KG-Rows")} triples in ${seconds} s` +
        (truncated ? " — truncated at SPARQL_MAX_ROWS" : "");
      showLinks(query, "graph");
    }
  }

  // --- wiring ----------------------------------------------------------------------------------
  editor.addEventListener("input", refreshHighlight);
  editor.addEventListener("scroll", refreshHighlight);
  editor.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(e);
  });
  form.addEventListener("submit", run);
  document.querySelectorAll("button.example").forEach((button) => {
    button.addEventListener("click", () => {
      editor.value = button.dataset.query;
      refreshHighlight();
      run();
    });
  });
  refreshHighlight();
  if (config.autorun) run();
})();
