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
    offerViews();
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

  // --- result views: a bar chart beside the table ---------------------------------------------
  // Offered when a SELECT answer has a number column (every cell a <data> number) and another
  // column to label the bars. Plain SVG drawn here: no library, no request, no inline style.
  const SVG = "http://www.w3.org/2000/svg";

  function chartable(table) {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
    const rows = [...table.querySelectorAll("tbody tr")].map((tr) => [...tr.children]);
    if (rows.length === 0 || heads.length < 2) return null;
    const isNumber = (td) => {
      const d = td.querySelector("data");
      return d !== null && d.value !== "" && Number.isFinite(Number(d.value));
    };
    const number = heads.findIndex((h, i) => rows.every((r) => r[i] && isNumber(r[i])));
    if (number < 0) return null;
    const label = heads.findIndex((h, i) => i !== number);
    return {label: heads[label], value: heads[number],
      // A node's label, not the short name printed beside it (<small class="iri">).
      bars: rows.map((r) => ({label: (r[label].querySelector("a, span, data, time") || r[label]).textContent.trim(), value: Number(r[number].querySelector("data").value)}))};
  }

  function drawChart(chart) {
    const barHeight = 22, gap = 6, labelWidth = 160, width = 360;
    const max = Math.max(...chart.bars.map((b) => b.value), 0) || 1;
    const svg = document.createElementNS(SVG, "svg");
    const height = chart.bars.length * (barHeight + gap);
    svg.setAttribute("viewBox", `0 0 ${labelWidth + width + 60} ${height}`);
    svg.setAttribute("class", "bar-chart");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `${chart.value} / ${chart.label}`);
    chart.bars.forEach((b, i) => {
      const y = i * (barHeight + gap);
      const text = document.createElementNS(SVG, "text");
      text.setAttribute("x", String(labelWidth - 6)); text.setAttribute("y", String(y + barHeight * 0.7));
      text.setAttribute("text-anchor", "end"); text.textContent = b.label.slice(0, 28);
      const rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("x", String(labelWidth)); rect.setAttribute("y", String(y));
      rect.setAttribute("height", String(barHeight)); rect.setAttribute("width", String(Math.max(1, width * Math.max(b.value, 0) / max)));
      rect.setAttribute("class", "bar");
      const title = document.createElementNS(SVG, "title"); title.textContent = `${b.label}: ${b.value}`;
      rect.append(title);
      const value = document.createElementNS(SVG, "text");
      value.setAttribute("x", String(labelWidth + width * Math.max(b.value, 0) / max + 4)); value.setAttribute("y", String(y + barHeight * 0.7));
      value.textContent = b.value.toLocaleString(lang);
      svg.append(text, rect, value);
    });
    return svg;
  }

  // The view is part of the address (#view=chart), so a permalink reopens it.
  function offerViews() {
    const table = document.querySelector("#results table.results");
    const chart = table && chartable(table);
    if (!chart) return;
    const box = table.closest(".table-box") || table;
    const figure = document.createElement("figure");
    figure.className = "result-chart";
    figure.append(drawChart(chart));
    // The chart's own data, as CSV (RFC 4180: quoted fields, CRLF), made here from the bars.
    const quote = (v) => `"${String(v).replace(/"/g, '""')}"`;
    const csv = [[chart.label, chart.value], ...chart.bars.map((b) => [b.label, b.value])]
      .map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
    const download = document.createElement("a");
    download.href = URL.createObjectURL(new Blob([csv], {type: "text/csv"}));
    download.download = "chart.csv";
    download.className = "chart-export";
    download.textContent = text.view_export;
    const caption = document.createElement("figcaption");
    caption.append(download);
    figure.append(caption);
    const bar = document.createElement("div");
    bar.className = "views";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", text.view_label);
    const buttons = [["table", text.view_table], ["chart", text.view_chart]].map(([name, label]) => {
      const b = document.createElement("button");
      b.type = "button"; b.className = "secondary"; b.dataset.view = name; b.textContent = label;
      b.addEventListener("click", () => {
        show(name);
        history.replaceState(history.state, "", `${location.pathname}${location.search}#view=${name}`);
        const permalink = document.getElementById("permalink");
        if (permalink) permalink.hash = `view=${name}`;
      });
      return b;
    });
    bar.append(...buttons);
    const show = (name) => {
      box.hidden = name === "chart"; figure.hidden = name !== "chart";
      buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.view === name)));
    };
    box.before(bar);
    box.after(figure);
    show(location.hash === "#view=chart" ? "chart" : "table");
  }

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
  offerViews();
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
