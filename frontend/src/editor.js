// The /sparql editor: CodeMirror 6 with the SPARQL grammar of codemirror-lang-sparql, bundled
// by build.sh into src/kg/web/static/editor.bundle.js (an IIFE that sets window.KGEditor).
// The page script (static/sparql.js) mounts it over the form's <textarea>, which stays the
// form field: every change is copied back, so the form still submits what the editor shows.
import {EditorState} from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, drawSelection, highlightActiveLine, placeholder,
} from "@codemirror/view";
import {defaultKeymap, history, historyKeymap, indentWithTab} from "@codemirror/commands";
import {
  syntaxHighlighting, HighlightStyle, bracketMatching, indentOnInput,
} from "@codemirror/language";
import {tags as t} from "@lezer/highlight";
import {
  autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap, startCompletion,
} from "@codemirror/autocomplete";
import {sparql} from "codemirror-lang-sparql";
import {entityCompletion, sparqlCompletion} from "./complete.js";
import {formatQuery} from "./format.js";

// Token colours of our own: CodeMirror's default style has colours below the WCAG 2.1 AA
// contrast of 4.5:1 (SC 1.4.3) on the editor's background, which axe-core reports. Each colour
// here is at least 5.9:1 against #f6f8fa.
const highlight = HighlightStyle.define([
  {tag: [t.keyword, t.operatorKeyword, t.definitionKeyword, t.modifier], color: "#6639ba"},
  {tag: [t.string, t.special(t.string)], color: "#0a3069"},
  {tag: [t.comment, t.lineComment, t.blockComment], color: "#57606a", fontStyle: "italic"},
  {tag: [t.number, t.integer, t.float, t.bool, t.atom], color: "#0550ae"},
  {tag: [t.variableName, t.special(t.variableName), t.labelName], color: "#953800"},
  {tag: [t.url, t.link, t.namespace, t.typeName, t.className, t.propertyName], color: "#116329"},
  {tag: [t.meta, t.processingInstruction], color: "#57606a"},
  {tag: t.invalid, color: "#a40e26"},
]);

// The page's stylesheets do not reach into the shadow root; custom properties (--mono,
// --code, --line, --fg: style.css) do, as they inherit.
const theme = EditorView.theme({
  "&": {minHeight: "8rem", maxHeight: "70vh", fontSize: ".9rem", background: "var(--code, #f6f8fa)",
    color: "var(--fg, #1f2328)"},
  "&.cm-focused": {outline: "2px solid #0b5cad", outlineOffset: "1px"},
  ".cm-scroller": {fontFamily: "var(--mono, monospace)", overflow: "auto"},
  ".cm-content": {padding: ".5rem 0"},
  ".cm-gutters": {background: "var(--code, #f6f8fa)", borderRight: "1px solid var(--line, #d0d7de)"},
  ".cm-tooltip.cm-tooltip-autocomplete > ul": {maxWidth: "min(44rem, 92vw)",
    fontFamily: "var(--mono, monospace)"},
  ".cm-completionDetail": {marginLeft: ".6em", fontStyle: "normal", opacity: ".75"},
  // CodeMirror draws an icon per option type; an entity (an instance, not a term) has none of
  // its own, so it gets a filled disc beside the classes' hollow one.
  ".cm-completionIcon-entity:after": {content: "'●'"},
});

// Typing over a selection is done here, not by the browser: Chromium's own editing, deleting
// a selection across lines, re-applies the computed style of the text it moves as an inline
// style attribute, which the page's CSP (style-src-attr) blocks with a console error. The
// text goes through the input handlers first (closeBrackets wraps a selection in brackets).
const typeOverSelection = EditorView.domEventHandlers({
  beforeinput(event, view) {
    const range = view.state.selection.main;
    if (event.inputType !== "insertText" || event.data == null || range.empty || view.composing) {
      return false;
    }
    event.preventDefault();
    const insert = () => view.state.update(view.state.replaceSelection(event.data),
      {userEvent: "input.type", scrollIntoView: true});
    const handled = view.state.facet(EditorView.inputHandler)
      .some((handler) => handler(view, range.from, range.to, event.data, insert));
    if (!handled) view.dispatch(insert());
    return true;
  },
});

/**
 * Put an editor in place of `textarea`.
 * options.run(): called on Ctrl+Enter / Cmd+Enter.
 * options.vocabulary: a Promise of the server's completion vocabulary (may be absent).
 * options.entities(word): a Promise of the entities named like `word` (may be absent).
 * options.text: the interface's words (kind names) in the page language.
 * options.label: the accessible name of the editing area.
 */
function mount(textarea, options) {
  const sync = EditorView.updateListener.of((update) => {
    if (update.docChanged) textarea.value = update.state.doc.toString();
  });
  const run = () => { options.run(); return true; };
  // Shift+Alt+F formats (Ctrl+Shift+F is the browser's in some desktops); undo takes it back.
  const format = (view) => {
    const text = formatQuery(view.state.doc.toString());
    if (text === null) return false;
    if (text !== view.state.doc.toString()) {
      view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: text}, userEvent: "format"});
    }
    return true;
  };
  // Until the vocabulary arrives only variables complete; it is fetched once per page.
  let source = sparqlCompletion({terms: [], prefixes: {}, fits: {}}, options.text || {});
  if (options.vocabulary) {
    options.vocabulary.then((v) => { source = sparqlCompletion(v, options.text || {}); }, () => {});
  }
  // Entities by name, when the page can look them up (options.entities(word): a Promise).
  const entities = options.entities ? [entityCompletion(options.entities, options.text || {})] : [];
  // The editor lives in a shadow root: there CodeMirror's style-mod adopts constructed style
  // sheets (CSSOM, which CSP does not govern), where in the document it would add a <style>
  // element that the page's Content-Security-Policy (style-src 'self') rightly blocks.
  const host = document.createElement("div");
  host.className = "cm-host";
  textarea.parentElement.insertBefore(host, textarea);
  const root = host.attachShadow({mode: "open"});
  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        sparql(),
        syntaxHighlighting(highlight),
        EditorView.lineWrapping,  // no sideways scroll at 390 px
        autocompletion({
          override: [(context) => source(context), ...entities],
          activateOnTyping: true,
          icons: true,
        }),
        // Ctrl+Enter runs before any other binding of Enter; Tab indents (Esc, Tab leaves:
        // CodeMirror's documented escape from a tab-trapping editor).
        keymap.of([
          {key: "Mod-Enter", run},
          {key: "Shift-Alt-f", run: format},
          ...closeBracketsKeymap, ...completionKeymap, ...historyKeymap, ...defaultKeymap,
          indentWithTab,
        ]),
        placeholder(options.placeholder || ""),
        theme,
        typeOverSelection,
        EditorView.contentAttributes.of({"aria-label": options.label || "SPARQL"}),
        sync,
      ],
    }),
  });
  textarea.hidden = true;
  return {
    view,
    get: () => view.state.doc.toString(),
    set(text) {
      view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: text}});
    },
    // Text added before the query (the PREFIX lines the server declared), keeping the cursor.
    prepend(text) {
      view.dispatch({changes: {from: 0, insert: text}});
    },
    focus: () => view.focus(),
    complete: () => startCompletion(view),
    // false when the query cannot be read (an unterminated string): nothing is changed.
    format: () => format(view),
  };
}

window.KGEditor = {mount};
