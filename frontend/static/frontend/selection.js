/**
 * Text selections as offsets into an element's text, and offsets back into DOM ranges.
 *
 * Offsets count UTF-16 code units of `root.textContent`, as the browser does (an emoji counts 2); the
 * REST API takes and returns them with `?offsets=utf16` and converts to the code points it stores. The
 * element's text must be the document's text exactly (the reader renders it so), whatever <span>s
 * split it. Also: keyboard selection for a focusable, non-editable text (a caret moved with the arrow
 * keys, Shift to select), so a claim can be marked without a mouse.
 *
 * Public API (kept stable: the orphaned-spans page imports it):
 *   selectionOffsets(root, selection?) -> {start, end, exact} | null
 *   rangeForOffsets(root, start, end) -> Range            (throws RangeError outside the text)
 *   enableKeyboardSelection(root) -> () => void           (returns a function that turns it off)
 */

/** A walker over the text nodes under root, in document order. */
function textNodes(root) {
  return document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
}

/** The offset in root's text of a boundary point (container, offset) inside root. */
function offsetAt(root, container, offset) {
  const boundary = document.createRange();
  boundary.setStart(container, offset);
  const walker = textNodes(root);
  let total = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node === container) return total + offset;
    // A boundary between elements: count the text nodes that end before it.
    if (boundary.comparePoint(node, 0) >= 0) break;
    total += node.data.length;
  }
  return total;
}

/**
 * Where the current selection is in root's text, or null when nothing (or only white space) of root's
 * text is selected. A selection reaching beyond root is cut to root; white space at either end is left
 * out, so a double-clicked word does not bring its trailing space along.
 * @returns {{start: number, end: number, exact: string} | null}
 */
export function selectionOffsets(root, selection = document.getSelection()) {
  if (!root || !selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!range.intersectsNode(root)) return null;
  const text = root.textContent;
  const whole = document.createRange();
  whole.selectNodeContents(root);
  let start = root.contains(range.startContainer)
    ? offsetAt(root, range.startContainer, range.startOffset)
    : range.compareBoundaryPoints(Range.START_TO_START, whole) < 0 ? 0 : text.length;
  let end = root.contains(range.endContainer)
    ? offsetAt(root, range.endContainer, range.endOffset)
    : range.compareBoundaryPoints(Range.END_TO_END, whole) > 0 ? text.length : 0;
  while (start < end && /\s/.test(text[start])) start += 1;
  while (end > start && /\s/.test(text[end - 1])) end -= 1;
  if (start >= end) return null;
  return { start, end, exact: text.slice(start, end) };
}

/**
 * A Range over root's text from start to end (UTF-16 offsets). A boundary that falls where two text
 * nodes meet goes into the node it belongs to: a start into the next node, an end into the previous one.
 */
export function rangeForOffsets(root, start, end) {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
    throw new RangeError(`offsets ${start}–${end} are not an ordered pair of whole numbers`);
  }
  const range = document.createRange();
  const walker = textNodes(root);
  let total = 0;
  let last = null;
  let startSet = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const next = total + node.data.length;
    if (!startSet && start < next) {
      range.setStart(node, start - total);
      startSet = true;
    }
    if (startSet && end <= next) {
      range.setEnd(node, end - total);
      return range;
    }
    total = next;
    last = node;
  }
  if (last && end === total) {
    // The very end of the text.
    if (!startSet) range.setStart(last, last.data.length);
    range.setEnd(last, last.data.length);
    return range;
  }
  if (!last && start === 0 && end === 0) {
    range.setStart(root, 0);
    return range;
  }
  throw new RangeError(`offsets ${start}–${end} are outside the text (${total} UTF-16 code units)`);
}

// --- Keyboard selection ------------------------------------------------------------------------------

const MOVES = {
  ArrowLeft: ['backward', 'character'],
  ArrowRight: ['forward', 'character'],
  ArrowUp: ['backward', 'line'],
  ArrowDown: ['forward', 'line'],
  Home: ['backward', 'lineboundary'],
  End: ['forward', 'lineboundary'],
};

let caret = null;

/** The one caret drawn for keyboard users: text that is not editable shows none of its own. */
function caretElement() {
  if (!caret) {
    caret = document.createElement('span');
    caret.className = 'kb-caret';
    caret.setAttribute('aria-hidden', 'true');
    caret.hidden = true;
    document.body.append(caret);
  }
  return caret;
}

function inside(root, selection) {
  return selection.rangeCount > 0 && root.contains(selection.focusNode);
}

/** The rectangle of the selection's focus point (where the caret is). */
function focusRect(selection) {
  const point = document.createRange();
  point.setStart(selection.focusNode, selection.focusOffset);
  const rects = point.getClientRects();
  const rect = rects.length ? rects[0] : point.getBoundingClientRect();
  return rect.height ? rect : null;
}

/** Scroll the caret's rectangle into view: in root's scrolling box if it has one, then in the window. */
function keepVisible(root, selection) {
  let rect = focusRect(selection);
  if (!rect) return;
  for (let box = root; box && box !== document.body; box = box.parentElement) {
    const overflow = getComputedStyle(box).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && box.scrollHeight > box.clientHeight) {
      const frame = box.getBoundingClientRect();
      if (rect.top < frame.top + 8) box.scrollTop -= frame.top + 8 - rect.top;
      else if (rect.bottom > frame.bottom - 8) box.scrollTop += rect.bottom - (frame.bottom - 8);
      rect = focusRect(selection);
      break;
    }
  }
  const margin = 48;
  if (rect.top < margin) window.scrollBy(0, rect.top - margin);
  else if (rect.bottom > window.innerHeight - margin) window.scrollBy(0, rect.bottom - window.innerHeight + margin);
}

function drawCaret(root) {
  const mark = caretElement();
  const selection = document.getSelection();
  const rect = document.activeElement === root && inside(root, selection) ? focusRect(selection) : null;
  if (!rect) {
    mark.hidden = true;
    return;
  }
  mark.hidden = false;
  mark.style.left = `${rect.left + window.scrollX}px`;
  mark.style.top = `${rect.top + window.scrollY}px`;
  mark.style.height = `${rect.height}px`;
}

/** Put a collapsed caret at the first text visible in root (or its start), for a keyboard user arriving. */
function placeCaret(root, selection) {
  const frame = root.getBoundingClientRect();
  const x = frame.left + 4;
  const y = Math.max(frame.top, 0) + 12;
  const found = document.caretRangeFromPoint ? document.caretRangeFromPoint(x, y) : null;
  const range = found && root.contains(found.startContainer) ? found : rangeForOffsets(root, 0, 0);
  range.collapse(true);
  selection.removeAllRanges();
  selection.addRange(range);
}

/** Move the caret (or, extending, the selection's focus) to the start or the end of root's text. */
function toEdge(root, selection, direction, extend) {
  const at = direction === 'forward' ? root.textContent.length : 0;
  const edge = rangeForOffsets(root, at, at);
  if (extend) selection.extend(edge.startContainer, edge.startOffset);
  else selection.collapse(edge.startContainer, edge.startOffset);
}

/**
 * Let the keyboard move a caret through root and select text: arrow keys, Home/End move; with Shift they
 * select; with Ctrl (or Alt) they go by words. Root must be focusable (tabindex="0").
 * Uses Selection.modify(), which Chromium, Firefox and Safari implement for any text.
 */
export function enableKeyboardSelection(root) {
  let pointer = false;
  const onPointerDown = () => { pointer = true; };
  const onFocus = () => {
    const selection = document.getSelection();
    if (!pointer && !inside(root, selection)) placeCaret(root, selection);
    pointer = false;
    drawCaret(root);
  };
  const onBlur = () => { caretElement().hidden = true; };
  const onKeyDown = (event) => {
    const move = MOVES[event.key];
    if (!move || event.metaKey || event.target !== root) return;
    const selection = document.getSelection();
    if (!inside(root, selection)) placeCaret(root, selection);
    let [direction, granularity] = move;
    if (event.ctrlKey || event.altKey) {
      if (granularity === 'character') granularity = 'word';
      else if (granularity === 'lineboundary') granularity = 'documentboundary';
      else if (granularity === 'line') granularity = 'paragraph';
    }
    if (granularity === 'documentboundary') {
      toEdge(root, selection, direction, event.shiftKey); // the document's edge would be past root's
    } else {
      selection.modify(event.shiftKey ? 'extend' : 'move', direction, granularity);
      // Moving past the end of root's text would walk into the page around it: stop at the edge.
      if (!root.contains(selection.focusNode)) toEdge(root, selection, direction, event.shiftKey);
    }
    event.preventDefault();
    keepVisible(root, selection);
    drawCaret(root);
  };
  const onChange = () => { if (document.activeElement === root) drawCaret(root); };
  const onScroll = () => { if (document.activeElement === root) drawCaret(root); };

  root.addEventListener('pointerdown', onPointerDown);
  root.addEventListener('focus', onFocus);
  root.addEventListener('blur', onBlur);
  root.addEventListener('keydown', onKeyDown);
  document.addEventListener('selectionchange', onChange);
  document.addEventListener('scroll', onScroll, true);
  return () => {
    root.removeEventListener('pointerdown', onPointerDown);
    root.removeEventListener('focus', onFocus);
    root.removeEventListener('blur', onBlur);
    root.removeEventListener('keydown', onKeyDown);
    document.removeEventListener('selectionchange', onChange);
    document.removeEventListener('scroll', onScroll, true);
    caretElement().hidden = true;
  };
}
