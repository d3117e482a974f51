// Completion for the SPARQL editor: prefixes, classes and properties from the server's
// vocabulary (/sparql/vocabulary.json, built from the served ontology, shapes and data by
// kg.pages.workbench), properties that fit the subject's class first, and the query's own
// variables. CodeMirror's popup is a WAI-ARIA listbox (role="listbox", role="option",
// aria-activedescendant on the editor), driven by the arrow keys, Enter and Escape.
import {syntaxTree} from "@codemirror/language";

const NAME = /[A-Za-z][\w-]*(?:\.[\w-]+)*:(?:[\w.:-]*[\w:-])?|[A-Za-z][\w-]*/;
const NAME_BEFORE = new RegExp(`(?:${NAME.source})$`);
// Terms a subject can be written as: a variable, a prefixed name, an IRI.
const SUBJECT = String.raw`([?$]\w+|[A-Za-z][\w-]*:[\w.-]*|<[^>\s]*>)`;
// The subject of the triple whose predicate is being written: after "subject ... ;" with no
// "." or brace since (that would end the triple), or just after "subject " at a triple's start.
const AFTER_SEMICOLON = new RegExp(String.raw`(?:^|[{}.])\s*${SUBJECT}\s[^.{}]*;\s*[\w:.-]*$`);
const AFTER_SUBJECT = new RegExp(String.raw`(?:^|[{}.])\s*${SUBJECT}\s+[\w:.-]*$`);
const AFTER_A = /(?:\sa|rdf:type)\s+[\w:.-]*$/;
const PREFIX_DECL = /PREFIX\s+[\w-]*$/i;
const OPAQUE = new Set(["String", "Comment", "IriRef", "Iri"]);

function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

// The classes the query gives `subject` (`subject a C` or `subject rdf:type C`, anywhere).
function classesOf(doc, subject) {
  const found = [];
  const pattern = new RegExp(`${escapeRegExp(subject)}\\s+(?:a|rdf:type)\\s+([A-Za-z][\\w-]*:[\\w.-]*[\\w-])`, "g");
  for (const m of doc.matchAll(pattern)) if (!found.includes(m[1])) found.push(m[1]);
  return found;
}

export function sparqlCompletion(vocabulary, text) {
  const terms = vocabulary.terms;
  const kind = (k) => text["kind_" + k] || k;
  const termOption = (t, boost) => ({
    // What the term is called and what kind of term it is, both visible (issue 14).
    label: t.curie, detail: t.label === t.curie ? kind(t.kind) : `${t.label} · ${kind(t.kind)}`,
    info: `${kind(t.kind)} · ${t.iri}`, type: t.kind === "class" ? "class" : "property",
    boost: boost || 0,
  });
  const prefixOptions = Object.entries(vocabulary.prefixes).map(([p, ns]) => ({
    label: p + ":", detail: ns, type: "namespace", boost: -10,
  }));

  return (context) => {
    const node = syntaxTree(context.state).resolveInner(context.pos, -1);
    if (OPAQUE.has(node.name)) return null;  // never inside a string, a comment or an IRI
    const doc = context.state.doc.toString();
    const before = doc.slice(0, context.pos);

    const variable = context.matchBefore(/[?$]\w*/);
    if (variable) {
      const seen = new Set();
      for (const m of doc.matchAll(/[?$](\w+)/g)) {
        if (m.index !== variable.from) seen.add("?" + m[1]);
      }
      return {from: variable.from, options: [...seen].sort().map((v) => ({label: v, type: "variable", detail: kind("variable")})),
        validFor: /^[?$]\w*$/};
    }
    const word = context.matchBefore(NAME_BEFORE) || {from: context.pos, to: context.pos, text: ""};
    if (!word.text && !context.explicit) return null;
    const from = word.from;
    if (PREFIX_DECL.test(before)) {
      return {from, options: Object.entries(vocabulary.prefixes).map(([p, ns]) => ({
        label: `${p}: <${ns}>`, type: "namespace", detail: kind("prefix")}))};
    }
    const head = before.slice(0, from);
    if (AFTER_A.test(before)) {  // the object of rdf:type: classes
      return {from, options: terms.filter((t) => t.kind === "class").map((t) => termOption(t)), validFor: NAME};
    }
    const subject = (head.match(AFTER_SEMICOLON) || head.match(AFTER_SUBJECT) || [])[1];
    if (subject) {  // a predicate: the properties that fit the subject's classes first
      const fitting = [];
      for (const cls of classesOf(doc, subject)) {
        for (const p of vocabulary.fits[cls] || []) if (!fitting.includes(p)) fitting.push(p);
      }
      const rank = new Map(fitting.map((p, i) => [p, 99 - Math.min(i, 98)]));
      const options = terms.filter((t) => t.kind === "property").map((t) => termOption(t, rank.get(t.curie) || -20));
      options.push({label: "a", detail: "rdf:type", type: "keyword", boost: -30});
      return {from, options: options.concat(prefixOptions), validFor: NAME};
    }
    return {from, options: terms.map((t) => termOption(t)).concat(prefixOptions), validFor: NAME};
  };
}

// Entities by name (issue 14): a bare word typed inside the braces of a pattern, in a
// subject's or an object's place, is looked up in the server's search index
// (/sparql/entities.json: names in both languages, stemmed as /search stems them); an option
// shows the entity's label in the page language and inserts its compact IRI. The server has
// already ranked and filtered the options, so CodeMirror does not filter them again.
const BARE_WORD = /[\p{L}\p{N}][\p{L}\p{N}_-]*$/u;
const KEYWORDS = ["OPTIONAL", "FILTER", "BIND", "UNION", "VALUES", "GRAPH", "MINUS", "SERVICE",
  "SELECT", "EXISTS", "NOT", "IN", "AS", "UNDEF", "true", "false"];
const MIN_ENTITY_QUERY = 2;  // kg.pages.workbench.MIN_ENTITY_QUERY

function insidePattern(text) {
  const open = (text.match(/{/g) || []).length;
  return open > (text.match(/}/g) || []).length;
}

export function entityCompletion(lookup, text) {
  const kind = text.kind_entity || "entity";
  return async (context) => {
    const node = syntaxTree(context.state).resolveInner(context.pos, -1);
    if (OPAQUE.has(node.name)) return null;
    const word = context.matchBefore(BARE_WORD);
    if (!word || word.text.length < MIN_ENTITY_QUERY) return null;
    const doc = context.state.doc.toString();
    const head = doc.slice(0, word.from);
    // Part of a variable, a prefixed name, a language tag or a number: not a name.
    if (/[?$:@\w\\.-]$/u.test(head) || /^\d/.test(word.text)) return null;
    if (!insidePattern(head) || AFTER_A.test(doc.slice(0, context.pos))) return null;
    if (KEYWORDS.some((k) => k.toLowerCase().startsWith(word.text.toLowerCase())) && /^[A-Z]+$/.test(word.text)) return null;
    // A predicate's place ("subject |"): properties complete there, not entities.
    if (head.match(AFTER_SEMICOLON) || head.match(AFTER_SUBJECT)) return null;
    const found = await lookup(word.text);
    if (context.aborted || !found.length) return null;
    return {
      from: word.from,
      filter: false,
      options: found.map((o, i) => ({
        label: o.label, apply: o.curie, detail: `${o.curie} · ${o.types[0] || kind}`, type: "entity", boost: 50 - i,
        info: [o.types.length ? `${kind}: ${o.types.join(", ")}` : kind, o.matched !== o.label ? `“${o.matched}”` : "", o.iri].filter(Boolean).join(" · "),
      })),
    };
  };
}
