// The formatter: reindents a query by changing only the whitespace between its tokens, so
// it can never change what the query means, and it keeps comments. (sparqljs's parse and
// generate was tried: it drops comments, writes `a` as the full rdf:type IRI and adds
// parentheses, so the user's query comes back rewritten, not reindented.)
// Tokens follow the SPARQL 1.1 grammar's terminals (§19.8): comments, the four string forms,
// IRIREF, punctuation, and everything else as one word.
const TOKEN = new RegExp([
  String.raw`#[^\n]*`,                                    // a comment, to the end of the line
  String.raw`"""(?:[^"\\]|\\.|"(?!""))*"""`, String.raw`'''(?:[^'\\]|\\.|'(?!''))*'''`,
  String.raw`"(?:[^"\\\n]|\\.)*"`, String.raw`'(?:[^'\\\n]|\\.)*'`,
  String.raw`<[^<>"{}|^\x60\\\x00-\x20]*>`,               // IRIREF ([139])
  String.raw`[{}()\[\];,]`,
  String.raw`[^\s{}()\[\];,"'#<]+|<`,                     // a word (or a lone "<" operator)
].join("|"), "gy");

// Lines of their own at the top level, and inside a group.
const CLAUSE = /^(?:PREFIX|BASE|SELECT|CONSTRUCT|DESCRIBE|ASK|FROM|WHERE|GROUP|ORDER|HAVING|LIMIT|OFFSET|VALUES)$/i;
const IN_GROUP = /^(?:FILTER|OPTIONAL|BIND|MINUS|SERVICE|GRAPH|VALUES|SELECT)$/i;

/** The tokens of `text`, each with whether whitespace came before it; null if unreadable. */
function tokens(text) {
  const out = [];
  let at = 0;
  for (;;) {
    const space = /\s*/y;
    space.lastIndex = at;
    const gap = space.exec(text)[0];
    at += gap.length;
    if (at >= text.length) return out;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) return null;
    let word = m[0];
    // A word's final "." ends a triple (PN_LOCAL and DECIMAL cannot end in one, [169], [147]).
    const dots = /^[^.]+?(\.+)$/.exec(word);
    if (dots && !word.startsWith("#")) word = word.slice(0, word.length - dots[1].length);
    out.push({text: word, space: gap.length > 0});
    at += word.length;
  }
}

// The IRI at `i` ends a PREFIX or BASE declaration.
function declares(list, i) {
  return (i >= 1 && /^BASE$/i.test(list[i - 1].text)) || (i >= 2 && /^PREFIX$/i.test(list[i - 2].text));
}

/** `query` reindented (two spaces a level), or null when it cannot be tokenised. */
export function formatQuery(query, indent = "  ") {
  const list = tokens(query);
  if (!list) return null;
  const lines = [];
  let line = "";
  let depth = 0;   // braces
  let parens = 0;  // parentheses and brackets: nothing breaks inside them
  let continued = false;  // after ";": the next predicate is indented one more
  const breakLine = () => {
    if (line.trim()) lines.push(line.replace(/\s+$/, ""));
    line = "";
  };
  const startLine = () => {
    breakLine();
    line = indent.repeat(depth + (continued ? 1 : 0));
  };
  for (let i = 0; i < list.length; i++) {
    const {text, space} = list[i];
    const fresh = line.trim() === "";
    const word = text.toUpperCase();
    if (text.startsWith("#")) {  // a comment keeps its place, and ends its line
      if (!fresh) line += " ";
      else line = indent.repeat(depth);
      line += text;
      startLine();
      continue;
    }
    if (parens === 0 && !fresh) {
      const byClause = depth === 0 && CLAUSE.test(word) && word !== "WHERE";
      if (text === "}" || byClause || (depth > 0 && IN_GROUP.test(word))) {
        continued = false;
        startLine();
      }
    }
    if (text === "}" && parens === 0) {
      depth = Math.max(0, depth - 1);
      continued = false;
      if (line.trim() === "") line = indent.repeat(depth);
    }
    if (line.trim() === "") {
      if (line === "") line = indent.repeat(depth + (continued ? 1 : 0));
      line += text;
    } else {
      const ends = depth > 0 && (text === "." || text === ";");
      const tight = !space && !ends && text !== "{" && list[i - 1].text !== "}";
      line += (tight ? "" : " ") + text;
    }
    if (parens > 0 || text === "(" || text === "[") {
      if (text === "(" || text === "[") parens++;
      if ((text === ")" || text === "]") && parens > 0) parens--;
      continue;
    }
    if (text === ")" || text === "]") continue;
    if (text === "{") {
      depth++;
      continued = false;
      startLine();
    } else if (text === "." && depth > 0) {
      continued = false;
      startLine();
    } else if (text === ";" && depth > 0) {
      continued = true;
      startLine();
    } else if (text === "}") {
      const next = list[i + 1] ? list[i + 1].text.toUpperCase() : "";
      if (next !== "UNION" && next !== "." && next !== "}") startLine();
    } else if (depth === 0 && text.startsWith("<") && declares(list, i)) {
      startLine();
    }
  }
  breakLine();
  return lines.join("\n");
}
