// Orphaned spans: place a claim or evidence passage again by selecting its text in the current revision.
// The text box ([data-place-text]) holds exactly the revision's text, so selection.js's offsets in its
// textContent (UTF-16 code units, as browsers count) are offsets in the text; the server converts them
// to code points. The text is imported content: it is only read here, never written as HTML.
// Without this module the form still works: the typed quote places the span.

import { enableKeyboardSelection, rangeForOffsets, selectionOffsets } from "./selection.js";

// The Custom Highlight API paints a range without touching the DOM (and so without changing textContent).
const canHighlight = typeof Highlight === "function" && "highlights" in CSS;

function highlight(name, range) {
  if (!canHighlight) return;
  if (range) CSS.highlights.set(name, new Highlight(range));
  else CSS.highlights.delete(name);
}

function elementOf(node) {
  return node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
}

function panelOf(node) {
  const element = elementOf(node);
  return element ? element.closest("[data-place-panel]") : null;
}

function choose(panel, root, span) {
  panel.querySelector("[data-place-start]").value = String(span.start);
  panel.querySelector("[data-place-end]").value = String(span.end);
  panel.querySelector("[data-place-exact]").value = span.exact;
  panel.dataset.chosen = "true";
  // Keep the choice visible when the selection goes away (a click on the button, into the form).
  highlight("place-choice", rangeForOffsets(root, span.start, span.end));
}

function onSelectionChange() {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
  const panel = panelOf(selection.anchorNode);
  if (!panel || panelOf(selection.focusNode) !== panel) return;
  const root = panel.querySelector("[data-place-text]");
  if (!root.contains(selection.anchorNode) || !root.contains(selection.focusNode)) return;
  // selectionOffsets leaves out white space at either end (a double-clicked word's trailing space).
  const span = selectionOffsets(root);
  if (span) choose(panel, root, span);
}

// Typing a quote by hand: the offsets no longer describe it, so the quote alone places the span.
function onInput(event) {
  const exact = event.target.closest("[data-place-exact]");
  if (!exact) return;
  const panel = panelOf(exact);
  panel.querySelector("[data-place-start]").value = "";
  panel.querySelector("[data-place-end]").value = "";
  delete panel.dataset.chosen;
  highlight("place-choice", null);
}

// Scroll the text to where the span was (or is, for a moved one) and mark a moved span's current place.
function showHint(root) {
  const length = root.textContent.length;
  const start = Math.min(Number(root.dataset.hintStart || 0), length);
  const hasEnd = root.dataset.hintEnd !== undefined;
  const end = hasEnd ? Math.min(Number(root.dataset.hintEnd), length) : Math.min(start + 1, length);
  if (end <= start) return;
  const range = rangeForOffsets(root, start, end);
  if (hasEnd) highlight("place-current", range);
  const box = root.getBoundingClientRect();
  const at = range.getBoundingClientRect();
  root.scrollTop += at.top - box.top - root.clientHeight / 3;
}

function setUp(scope) {
  for (const root of scope.querySelectorAll("[data-place-text]")) {
    if (root.dataset.ready) continue;
    root.dataset.ready = "true";
    enableKeyboardSelection(root); // arrow keys with Shift select, for those who do not use a mouse
    showHint(root);
  }
}

let pending = 0;
document.addEventListener("selectionchange", () => {
  // Dragging fires this for every character; measure once the hand pauses.
  clearTimeout(pending);
  pending = setTimeout(onSelectionChange, 60);
});
document.addEventListener("input", onInput);
// htmx fires htmx:load for every piece of content it swaps in: a place panel opened in the list.
document.body.addEventListener("htmx:load", (event) => setUp(event.target));
setUp(document);
