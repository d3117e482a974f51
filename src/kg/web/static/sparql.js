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
  const labelsBox = document.getElementById("labels");  // the label service (kg.query.labels)
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
    if (labelsBox.checked) params.set("labels", labelsBox.value);
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
    const address = new URLSearchParams(location.search);
    const query = address.get("query");
    labelsBox.checked = address.has("labels");
    editor.set(query === null ? initial : query);
    if (query === null) {  // back to the page as first opened: no answer
      document.getElementById("results").replaceChildren();
      setStatus("");
      return;
    }
    run(null, {restore: true});
  });

  // --- result views: a bar chart, a timeline, a graph beside the table------------------------------------------
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

  // --- a timeline, for an answer with a date column -----------------------------------------
  // Offered when every cell of a column is a <time> (xsd:date, xsd:dateTime, xsd:gYear,
  // xsd:gYearMonth, as kg.pages.entity writes them). A "status" column (kg:dateStatus:
  // stated / inferred, queries/timeline.rq) is shown beside each event and marks it.
  const cellText = (td) => (td.querySelector("a, span, data, time") || td).textContent.trim();

  // The start of the period a datetime names, in ms (UTC): "2025", "2025-10", "2025-12-01"
  // or a full xsd:dateTime. NaN for anything else.
  function instant(value) {
    const m = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
    if (m) return Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1);
    return /^-?\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  }

  function timelineOf(table) {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
    const rows = [...table.querySelectorAll("tbody tr")].map((tr) => [...tr.children]);
    if (rows.length === 0 || heads.length < 2) return null;
    const when = (td) => { const t = td && td.querySelector("time"); return t ? instant(t.dateTime) : NaN; };
    const date = heads.findIndex((h, i) => rows.every((r) => Number.isFinite(when(r[i]))));
    if (date < 0) return null;
    const status = heads.findIndex((h, i) => i !== date && /status/i.test(h));
    const named = heads.findIndex((h, i) => i !== date && i !== status && /label|name|title/i.test(h));
    const label = named >= 0 ? named : heads.findIndex((h, i) => i !== date && i !== status);
    if (label < 0) return null;
    return {date: heads[date], label: heads[label], status: status >= 0 ? heads[status] : null,
      events: rows.map((r) => ({at: when(r[date]), machine: r[date].querySelector("time").dateTime,
        date: cellText(r[date]), label: cellText(r[label]), status: status >= 0 ? cellText(r[status]) : ""}))
        .sort((a, b) => a.at - b.at || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))};
  }

  // A long label cut to n characters, with an ellipsis so the cut shows (the <title> keeps it whole).
  const clip = (label, n) => (label.length > n ? `${label.slice(0, n - 1)}…` : label);

  function svgElement(name, attributes, content) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, String(v));
    if (content !== undefined) e.textContent = content;
    return e;
  }

  // One line per event, top to bottom in time; the dot's x is its place on the time axis.
  function drawTimeline(timeline) {
    const rowHeight = 22, dateWidth = 130, axis = 260, top = 24;
    const first = timeline.events[0].at, last = timeline.events[timeline.events.length - 1].at;
    const x = (at) => dateWidth + (last === first ? axis / 2 : axis * (at - first) / (last - first));
    const height = top + timeline.events.length * rowHeight;
    const svg = svgElement("svg", {viewBox: `0 0 ${dateWidth + axis + 600} ${height}`, class: "timeline",
      role: "img", "aria-label": `${timeline.date} / ${timeline.label}`});
    svg.append(svgElement("line", {x1: dateWidth, x2: dateWidth + axis, y1: top - 8, y2: top - 8, class: "axis"}),
      // The axis's ends as the table writes dates (the page language), not ISO 8601.
      svgElement("text", {x: dateWidth, y: top - 12, "text-anchor": "start", class: "axis-end"}, timeline.events[0].date),
      svgElement("text", {x: dateWidth + axis, y: top - 12, "text-anchor": "end", class: "axis-end"},
        timeline.events[timeline.events.length - 1].date));
    timeline.events.forEach((e, i) => {
      const y = top + i * rowHeight + rowHeight / 2;
      const status = e.status.toLowerCase().replace(/[^a-z0-9-]/g, "");
      const dot = svgElement("circle", {cx: x(e.at), cy: y, r: 5, class: `event${status ? ` status-${status}` : ""}`});
      dot.append(svgElement("title", {}, [e.date, e.label, e.status].filter(Boolean).join(" · ")));
      svg.append(svgElement("line", {x1: dateWidth, x2: dateWidth + axis, y1: y, y2: y, class: "guide"}), dot,
        svgElement("text", {x: dateWidth - 8, y: y + 4, "text-anchor": "end"}, e.date),
        svgElement("text", {x: dateWidth + axis + 10, y: y + 4, class: "event-label"},
          clip(e.label, 80) + (e.status ? ` (${e.status})` : "")));
    });
    return svg;
  }

  // --- a graph, for a CONSTRUCT or DESCRIBE answer (subject, predicate, object rows) --------
  // Nodes on a circle in IRI order (literals after, by text), so the same answer is always
  // drawn the same way; each edge a line with its predicate's short name.
  function termOf(td) {
    const node = td.querySelector("a[title], span[title]");
    const curie = td.querySelector("small.iri");
    if (node) return {key: node.title, iri: node.title, name: curie ? curie.textContent.trim() : cellText(td)};
    const text = cellText(td);
    return {key: `"${text}"`, iri: null, name: text};
  }

  function graphOf(table) {
    if (!/^(CONSTRUCT|DESCRIBE)$/.test(table.dataset.form || "")) return null;
    const rows = [...table.querySelectorAll("tbody tr")].map((tr) => [...tr.children]);
    if (rows.length === 0 || rows.some((r) => r.length !== 3)) return null;
    const nodes = new Map();
    const edges = rows.map((r) => {
      const [s, p, o] = r.map(termOf);
      nodes.set(s.key, s); nodes.set(o.key, o);
      return {s, p, o};
    });
    const order = (a, b) => (a.iri === null) - (b.iri === null) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    return {nodes: [...nodes.values()].sort(order), edges};
  }

  function drawGraph(graph) {
    const size = 640, radius = graph.nodes.length > 1 ? 220 : 0, centre = size / 2;
    const place = new Map(graph.nodes.map((n, i) => {
      const angle = 2 * Math.PI * i / graph.nodes.length - Math.PI / 2;
      return [n.key, {x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle)}];
    }));
    const svg = svgElement("svg", {viewBox: `-80 0 ${size + 160} ${size}`, class: "graph-view", role: "img",
      "aria-label": `${graph.nodes.length} / ${graph.edges.length}`});
    const round = (v) => Math.round(v * 10) / 10;
    // An arrowhead at the object's end says the edge's direction (subject to object).
    const marker = svgElement("marker", {id: "kg-graph-arrow", viewBox: "0 0 10 10", refX: 10, refY: 5,
      markerWidth: 8, markerHeight: 8, orient: "auto-start-reverse", class: "arrow"});
    marker.append(svgElement("path", {d: "M 0 0 L 10 5 L 0 10 z"}));
    const defs = svgElement("defs", {});
    defs.append(marker);
    svg.append(defs);
    graph.edges.forEach((e) => {
      const a = place.get(e.s.key), b = place.get(e.o.key);
      // The line stops at the object's circle (r 6 + 2), so its arrowhead shows.
      const length = Math.hypot(b.x - a.x, b.y - a.y);
      const end = length > 16 ? {x: b.x - (b.x - a.x) * 8 / length, y: b.y - (b.y - a.y) * 8 / length} : b;
      const line = svgElement("line", {x1: round(a.x), y1: round(a.y), x2: round(end.x), y2: round(end.y), class: "edge",
        ...(length > 16 ? {"marker-end": "url(#kg-graph-arrow)"} : {})});
      line.append(svgElement("title", {}, `${e.s.name} ${e.p.name} ${e.o.name}`));
      // At 40 % of the way, not the middle: the two edges of a pair of nodes, and edges
      // crossing the centre, keep their labels apart.
      svg.append(line, svgElement("text", {x: round(a.x + (b.x - a.x) * 0.4), y: round(a.y + (b.y - a.y) * 0.4 - 3),
        class: "edge-label", "text-anchor": "middle"}, e.p.name));
    });
    graph.nodes.forEach((n, i) => {
      const at = place.get(n.key);
      const dot = svgElement("circle", {cx: round(at.x), cy: round(at.y), r: 6, class: n.iri ? "node" : "node literal"});
      dot.append(svgElement("title", {}, n.iri || n.name));
      // Each label outside the circle, on its node's side, so neighbours' labels do not
      // stack on one another (a label on the left ends at its node, one on the right starts).
      const angle = 2 * Math.PI * i / graph.nodes.length - Math.PI / 2;
      const cos = radius ? Math.cos(angle) : 0, sin = radius ? Math.sin(angle) : -1;
      const anchor = cos > 0.2 ? "start" : cos < -0.2 ? "end" : "middle";
      svg.append(dot, svgElement("text", {x: round(at.x + 12 * cos), y: round(at.y + 12 * sin + (sin > 0.2 ? 8 : 0)),
        "text-anchor": anchor, class: "node-label"}, clip(n.name, 40)));
    });
    return svg;
  }

  // --- the views offered beside the table --------------------------------------------------
  // CSV as RFC 4180 writes it: every field quoted, quotes doubled, CRLF after each record.
  function csvLink(records, filename, label, className) {
    const quote = (v) => `"${String(v).replace(/"/g, '""')}"`;
    const csv = records.map((r) => r.map(quote).join(",")).join("\r\n") + "\r\n";
    const download = document.createElement("a");
    download.href = URL.createObjectURL(new Blob([csv], {type: "text/csv"}));
    download.download = filename;
    download.className = className;
    download.textContent = label;
    return download;
  }

  function viewFigure(name, svg, download, extra = []) {
    const figure = document.createElement("figure");
    figure.className = `result-chart result-${name}`;
    figure.dataset.view = name;
    const caption = document.createElement("figcaption");
    caption.append(...extra, download);
    figure.append(svg, caption);
    return figure;
  }

  // Zoom buttons for a drawing: each halves or doubles its viewBox about the centre; reset
  // returns to the whole. Buttons, not the wheel, so the keyboard zooms and scrolling the
  // page never does. The drawing keeps its size on the page; its contents grow.
  function zoomButtons(svg) {
    const whole = svg.getAttribute("viewBox").split(" ").map(Number);
    let scale = 1;
    const apply = () => {
      const [x, y, w, h] = whole;
      const cw = w / scale, ch = h / scale;
      svg.setAttribute("viewBox", [x + (w - cw) / 2, y + (h - ch) / 2, cw, ch].map((v) => Math.round(v * 10) / 10).join(" "));
      svg.dataset.zoom = String(scale);
    };
    const button = (label, name, change) => {
      const b = document.createElement("button");
      b.type = "button"; b.className = "secondary zoom"; b.dataset.zoom = name; b.textContent = label;
      b.setAttribute("aria-label", text[`zoom_${name}`]);
      b.addEventListener("click", () => { scale = change(scale); apply(); });
      return b;
    };
    const group = document.createElement("span");
    group.className = "zoom-buttons";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", text.zoom);
    group.append(button("+", "in", (z) => Math.min(z * 2, 8)), button("−", "out", (z) => Math.max(z / 2, 1)),
      button(text.zoom_reset, "reset", () => 1));
    return group;
  }

  function availableViews(table) {
    const views = [];
    const chart = chartable(table);
    if (chart) {
      views.push({name: "chart", label: text.view_chart, figure: viewFigure("chart", drawChart(chart),
        csvLink([[chart.label, chart.value], ...chart.bars.map((b) => [b.label, b.value])], "chart.csv", text.view_export, "chart-export"))});
    }
    const timeline = timelineOf(table);
    if (timeline) {
      const head = [timeline.date, timeline.label, ...(timeline.status ? [timeline.status] : [])];
      const records = timeline.events.map((e) => [e.machine, e.label, ...(timeline.status ? [e.status] : [])]);
      views.push({name: "timeline", label: text.view_timeline, figure: viewFigure("timeline", drawTimeline(timeline),
        csvLink([head, ...records], "timeline.csv", text.timeline_export, "timeline-export"))});
    }
    const graph = graphOf(table);
    if (graph) {
      // The edges by their IRIs (a literal object by its text: the page does not carry its datatype).
      const records = graph.edges.map((e) => [e.s.iri || e.s.name, e.p.iri || e.p.name, e.o.iri || e.o.name]);
      const svg = drawGraph(graph);
      views.push({name: "graph", label: text.view_graph, nodes: graph.nodes.length, figure: viewFigure("graph", svg,
        csvLink([["subject", "predicate", "object"], ...records], "graph-edges.csv", text.graph_export, "graph-export"),
        [zoomButtons(svg)])});
    }
    return views;
  }

  // --- the table: sorting by a column, filtering the rows ----------------------------------
  // What YASGUI's table offers, without a library: each column head is a button that sorts
  // ascending, then descending, then back to the answer's own order (aria-sort says which,
  // WAI-ARIA 1.2 §6.6); numbers by value, dates by time, text in the page language's order,
  // empty cells last. A search field keeps the rows whose text holds every word typed
  // (case and accents ignored) and says how many it keeps.
  const folded = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

  function sortKey(td) {
    const d = td.querySelector("data");
    if (d && d.value !== "" && Number.isFinite(Number(d.value))) return {number: Number(d.value)};
    const t = td.querySelector("time");
    const at = t ? instant(t.dateTime) : NaN;
    if (Number.isFinite(at)) return {number: at};
    return {text: td.textContent.trim()};
  }

  function compareKeys(a, b) {
    const empty = (k) => k.text === "";
    if (empty(a) !== empty(b)) return empty(a) ? 1 : -1;
    if ("number" in a && "number" in b) return a.number - b.number;
    if ("number" in a !== "number" in b) return "number" in a ? -1 : 1;
    return a.text.localeCompare(b.text, lang);
  }

  function enhanceTable(table) {
    const body = table.tBodies[0];
    const rows = [...body.rows];
    if (rows.length < 2) return;
    rows.forEach((tr, i) => { tr.dataset.order = String(i); });
    const heads = [...table.querySelectorAll("thead th")];
    heads.forEach((th, column) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.title = text.sort;
      th.replaceChildren(button);
      button.addEventListener("click", () => {
        const next = {none: "ascending", ascending: "descending", descending: "none"}[th.getAttribute("aria-sort") || "none"];
        heads.forEach((h) => h.removeAttribute("aria-sort"));
        if (next !== "none") th.setAttribute("aria-sort", next);
        const keyed = [...body.rows].map((tr) => ({tr, key: tr.cells[column] ? sortKey(tr.cells[column]) : {text: ""}}));
        const sign = next === "descending" ? -1 : 1;
        keyed.sort((a, b) => (next === "none" ? 0 : sign * compareKeys(a.key, b.key))
          || Number(a.tr.dataset.order) - Number(b.tr.dataset.order));
        body.append(...keyed.map((k) => k.tr));
      });
    });
    const box = table.closest(".table-box") || table;
    const filter = document.createElement("div");
    filter.className = "row-filter";
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "search";
    input.id = "row-filter";
    label.htmlFor = input.id;
    label.textContent = text.filter_rows;
    const shown = document.createElement("span");
    shown.className = "row-count";
    shown.setAttribute("aria-live", "polite");
    const texts = new Map(rows.map((tr) => [tr, folded(tr.textContent)]));
    input.addEventListener("input", () => {
      const words = folded(input.value).split(/\s+/).filter(Boolean);
      let kept = 0;
      for (const [tr, content] of texts) {
        tr.hidden = !words.every((w) => content.includes(w));
        if (!tr.hidden) kept += 1;
      }
      shown.textContent = words.length ? fill(text.filter_count, {shown: kept, total: rows.length}) : "";
    });
    filter.append(label, input, shown);
    box.before(filter);
    return filter;
  }

  // The view is part of the address (#view=chart, #view=timeline, #view=graph), so a
  // permalink reopens it.
  function offerViews() {
    const table = document.querySelector("#results table.results");
    const filter = table ? enhanceTable(table) : null;
    const views = table ? availableViews(table) : [];
    if (views.length === 0) return;
    const box = table.closest(".table-box") || table;
    const bar = document.createElement("div");
    bar.className = "views";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", text.view_label);
    const buttons = [{name: "table", label: text.view_table}, ...views].map(({name, label}) => {
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
      box.hidden = name !== "table";
      if (filter) filter.hidden = name !== "table";
      views.forEach((v) => { v.figure.hidden = v.name !== name; });
      buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.view === name)));
    };
    box.before(bar);
    box.after(...views.map((v) => v.figure));
    const offered = (name) => name === "table" || views.some((v) => v.name === name);
    const wanted = location.hash.replace(/^#view=/, "");
    const hinted = hintedView(editor.get());
    const chosen = offered(wanted) ? wanted : offered(hinted) ? hinted : automaticView(table, views);
    show(chosen);
    bar.dataset.chosen = offered(wanted) ? "address" : offered(hinted) ? "hint" : "automatic";
  }

  // WDQS's query hint: a comment "#defaultView:BarChart" (or Table, Timeline, Graph) picks the
  // view an answer opens in; the address's #view= (a permalink, a click) still wins.
  const HINTED_VIEWS = {table: "table", barchart: "chart", timeline: "timeline", graph: "graph"};

  function hintedView(query) {
    const m = /^[ \t]*#[ \t]*defaultView[ \t]*:[ \t]*(\w+)/mi.exec(query);
    return m ? HINTED_VIEWS[m[1].toLowerCase()] || null : null;
  }

  // Without a hint, the view the answer's shape calls for: a graph answer small enough to
  // read as a drawing (GRAPH_MAX_NODES); a label and a number and nothing else (a count per
  // kind) as bars; dated rows with no number as a timeline. Anything else stays a table.
  const GRAPH_MAX_NODES = 40;

  function automaticView(table, views) {
    const view = (name) => views.find((v) => v.name === name);
    const columns = table.querySelectorAll("thead th").length;
    if (view("graph") && view("graph").nodes <= GRAPH_MAX_NODES) return "graph";
    if (view("chart") && columns === 2) return "chart";
    if (view("timeline") && !view("chart")) return "timeline";
    return "table";
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
  // Entities by name for completion, one request per distinct word (kept for the page's life).
  const entityAnswers = new Map();
  const entities = (word) => {
    const key = word.toLowerCase();
    if (!entityAnswers.has(key)) {
      const url = `${config.entities}?${new URLSearchParams({q: word, lang})}`;
      entityAnswers.set(key, fetch(url, {headers: {"Accept": "application/json"}})
        .then((r) => (r.ok ? r.json() : {options: []}))
        .then((answer) => answer.options, () => []));
    }
    return entityAnswers.get(key);
  };
  const initial = textarea.value;
  const editor = window.KGEditor.mount(textarea, {run: () => run(), vocabulary, entities, text, label: text.editor});
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
    const address = new URL(link.href).searchParams;
    editor.set(address.get("query") || "");
    labelsBox.checked = address.has("labels");
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
