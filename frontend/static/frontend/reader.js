/**
 * The reader's behaviour. The server renders the text with every highlight already in place; this wires
 * what happens around it: highlights ↔ the claims panel, marking a claim from a selection (mouse or
 * keyboard), linking evidence from a source opened beside the article, editing and removing evidence,
 * and verdicts that update by themselves while scoring jobs run. The panel's tabs and the Suggestions tab
 * are suggestions.js, re-placing and deleting a claim claim_editing.js, wired from here with the
 * functions below.
 *
 * Writes go to the REST API with the session cookie and the CSRF header; offsets are UTF-16 units
 * (`?offsets=utf16`). Nothing here builds HTML from strings: fragments come from the server, escaped.
 */
import { enableKeyboardSelection, rangeForOffsets, selectionOffsets } from './selection.js';
import { wireClaimEditing } from './claim_editing.js';
import { wireSuggestions } from './suggestions.js';
import { showRefusals } from './refusals.js';

performance.mark('reader:start');

const POLL_MS = 2000;
const reader = document.getElementById('reader');
const canEdit = reader?.dataset.canEdit === 'true';
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
// Phones and narrow tablets: the panel is a sheet at the bottom of the screen (reader.css says the same).
const narrow = window.matchMedia('(max-width: 64rem)');
const state = {
  selected: null, // the selected claim's id
  clicked: null, // the highlight clicked last: a second click goes one claim outwards
  candidate: null, // {kind: 'claim'|'evidence', root, offsets} the mark button acts on
  pending: null, // the same, while its popover is open
  polling: false,
};
// The side panel's tabs, Claims and Suggestions, and the Suggestions tab's list (suggestions.js).
let panelTabs = { showTab: () => {}, suggestedSpeaker: async () => null };
// Re-placing and deleting claims (claim_editing.js); `replacing()` is the claim being re-placed, or null.
let editing = { replacing: () => null, stopReplace: () => {}, replaceClaim: () => {}, act: () => {} };

// --- Small helpers ------------------------------------------------------------------------------------

const byId = (id) => document.getElementById(id);
const articleText = () => byId('article-text');
const sourceText = () => byId('source-text');
const isId = (value) => /^\d+$/.test(String(value));

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
  } catch {
    return document.cookie.match(/(?:^|; )csrftoken=([^;]+)/)?.[1] ?? '';
  }
}

/** Call the REST API; a refusal becomes an Error whose message is the API's own words, its `detail`:
 * every field's (sources.rest.error_summary), so an editor who got two fields wrong reads both at once. */
async function api(method, url, body) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRFToken': csrfToken() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return response.status === 204 ? null : response.json();
  let message = `The server answered ${response.status}.`;
  try {
    message = (await response.json()).detail || message;
  } catch { /* not JSON: keep the status */ }
  throw new Error(message);
}

async function fetchFragment(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { 'HX-Request': 'true' } });
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  const template = document.createElement('template');
  template.innerHTML = await response.text();
  return template.content;
}

function announce(message) {
  const status = byId('reader-status');
  status.textContent = '';
  // A fresh text node, a moment later, so the same message twice is read out twice.
  requestAnimationFrame(() => { status.textContent = message; });
}

function showError(element, message) {
  if (!element) return;
  element.textContent = message;
  element.hidden = !message;
}

function claimDetailUrl(id) {
  return reader.dataset.claimDetailUrl.replace(/0\/$/, `${id}/`);
}

function segmentsOf(id) {
  return articleText().querySelectorAll(`.hl[data-claims~="${id}"]`);
}

// --- Highlights and the panel --------------------------------------------------------------------------

function verdictOf(id) {
  return byId(`claim-summary-${id}`)?.dataset.verdict || 'unverified';
}

/** Tint each highlight of a claim as its innermost claim's verdict says (after a verdict changed). */
function retint(id) {
  for (const segment of segmentsOf(id)) {
    const ids = segment.dataset.claims.split(' ');
    const tone = `v-${verdictOf(ids[ids.length - 1])}`;
    for (const name of [...segment.classList]) if (name.startsWith('v-')) segment.classList.remove(name);
    segment.classList.add(tone);
  }
}

function markSelectedSegments(id) {
  for (const old of articleText().querySelectorAll('.hl.is-selected')) {
    old.classList.remove('is-selected', 'sel-first', 'sel-last');
  }
  if (id === null) return [];
  const segments = [...segmentsOf(id)];
  for (const segment of segments) segment.classList.add('is-selected');
  segments[0]?.classList.add('sel-first');
  segments[segments.length - 1]?.classList.add('sel-last');
  return segments;
}

/** The place for a claim's detail in its panel item, made when the claim is first selected (hundreds of
 * empty ones would only make the page heavier). */
function detailOf(id, { create = false } = {}) {
  let detail = byId(`claim-detail-${id}`);
  const item = byId(`claim-${id}`);
  if (!detail && create && item) {
    detail = document.createElement('div');
    detail.className = 'claim-detail';
    detail.id = `claim-detail-${id}`;
    detail.hidden = true;
    item.append(detail);
    byId(`claim-summary-${id}`)?.setAttribute('aria-controls', detail.id);
  }
  return detail;
}

function collapse(id) {
  const item = byId(`claim-${id}`);
  if (!item) return;
  item.classList.remove('is-selected');
  byId(`claim-summary-${id}`)?.setAttribute('aria-expanded', 'false');
  const detail = detailOf(id);
  if (detail) detail.hidden = true;
}

async function loadDetail(id) {
  const detail = detailOf(id);
  if (!detail) return;
  const content = await fetchFragment(claimDetailUrl(id));
  const hadFocus = detail.contains(document.activeElement);
  detail.replaceChildren(content);
  window.htmx?.process(detail); // its verdict polls itself; its search box asks as one types
  if (hadFocus) byId(`claim-summary-${id}`)?.focus();
}

/** Attach the rest of the panel: the server sends the claims after the first few inert in a <template>,
 * so that the page paints before hundreds of rows are laid out. */
function revealPanelRest() {
  const rest = byId('claim-list-rest');
  if (!rest) return;
  byId('claim-list-items').append(rest.content);
  rest.remove();
}

/** Open or close the panel's sheet (narrow screens); on wide screens the panel is always open. */
function openSheet(open) {
  const toggle = byId('sheet-toggle');
  byId('claim-panel').classList.toggle('is-open', open);
  if (!toggle) return;
  toggle.setAttribute('aria-expanded', String(open));
  toggle.textContent = open ? 'Hide' : 'Show';
}

/** Scroll the claims panel (only the panel: the article stays where the reader is) to show an item. */
function scrollIntoPanel(item) {
  const panel = byId('claim-panel');
  const frame = panel.getBoundingClientRect();
  const head = panel.querySelector('.panel-head')?.offsetHeight ?? 0;
  const top = Math.max(frame.top, 0) + head;
  const bottom = Math.min(frame.bottom, window.innerHeight);
  const box = item.getBoundingClientRect();
  if (box.top < top) panel.scrollTop -= top - box.top + 8;
  else if (box.bottom > bottom) panel.scrollTop += Math.min(box.bottom - bottom + 8, box.top - top - 8);
}

/**
 * Select a claim: outline its highlights, open it in the panel. `from` says where the user acted, so
 * the other side scrolls to it: a highlight clicked scrolls the panel, a panel item the text.
 */
function selectClaim(id, { from = null } = {}) {
  id = String(id);
  if (!isId(id)) return;
  if (state.selected && state.selected !== id) collapse(state.selected);
  if (editing.replacing() && editing.replacing() !== id) editing.stopReplace();
  state.selected = id;
  if (from === 'text' || from === 'hash') panelTabs.showTab('claims');
  if ((from === 'text' || from === 'hash') && narrow.matches) openSheet(true);
  const segments = markSelectedSegments(id);
  if (!byId(`claim-${id}`)) revealPanelRest();
  const item = byId(`claim-${id}`);
  if (item) {
    item.classList.add('is-selected');
    byId(`claim-summary-${id}`)?.setAttribute('aria-expanded', 'true');
    const detail = detailOf(id, { create: true });
    if (detail) {
      // Shown at once when it was loaded before (then refreshed), else when it arrives: no empty box.
      if (detail.childElementCount) detail.hidden = false;
      loadDetail(id)
        .then(() => { if (state.selected === id) detail.hidden = false; })
        .catch((error) => announce(`Could not load the claim: ${error.message}`));
    }
    if (from === 'text' || from === 'hash') scrollIntoPanel(item);
  }
  if ((from === 'panel' || from === 'hash') && segments.length) {
    // On a narrow screen the sheet covers the lower part: the claim goes to the top, above it.
    segments[0].scrollIntoView({
      block: narrow.matches ? 'start' : 'center',
      behavior: reducedMotion || from === 'hash' ? 'auto' : 'smooth',
    });
  }
  history.replaceState(null, '', `#claim-${id}`);
}

/** A click on a highlight selects its innermost claim; clicking the same place again goes outwards. */
function selectAtSegment(segment) {
  const ids = segment.dataset.claims.split(' ');
  let index = ids.length - 1;
  if (state.clicked === segment && ids.includes(state.selected)) {
    index = (ids.indexOf(state.selected) - 1 + ids.length) % ids.length;
  }
  state.clicked = segment;
  selectClaim(ids[index], { from: 'text' });
}

function segmentAtCaret() {
  const selection = document.getSelection();
  if (!selection.rangeCount || !selection.isCollapsed) return null;
  let node = selection.focusNode;
  if (node?.nodeType === Node.TEXT_NODE) node = node.parentElement;
  return node?.closest?.('#article-text .hl') ?? null;
}

// --- Verdicts that update by themselves ----------------------------------------------------------------

/** Swap in fresh summaries (from the server) for the ones on the page, keeping focus and selection. */
function swapSummaries(fragment) {
  for (const fresh of fragment.querySelectorAll('.claim-summary')) {
    const old = byId(fresh.id);
    if (!old) continue;
    for (const name of ['aria-expanded', 'aria-controls']) {
      if (old.hasAttribute(name)) fresh.setAttribute(name, old.getAttribute(name));
    }
    const focused = document.activeElement === old;
    old.replaceWith(fresh);
    if (focused) fresh.focus();
    retint(fresh.dataset.claim);
  }
}

async function refreshSummaries(ids) {
  const wanted = ids.filter(isId).slice(0, 200);
  if (!wanted.length) return;
  swapSummaries(await fetchFragment(`${reader.dataset.summariesUrl}?ids=${wanted.join(',')}`));
}

/** One request every few seconds for every claim still waiting for its scoring job. */
async function pollPending() {
  if (state.polling || document.hidden) return;
  const ids = [...reader.querySelectorAll('.claim-summary[data-pending]')].map((el) => el.dataset.claim);
  if (!ids.length) return;
  state.polling = true;
  try {
    await refreshSummaries(ids);
  } catch { /* the next round asks again */ } finally {
    state.polling = false;
  }
}

// --- Marking a claim and linking a passage: the mark button and the popovers -----------------------------

function selectionContext() {
  const selection = document.getSelection();
  for (const [kind, root] of [['claim', articleText()], ['evidence', sourceText()]]) {
    if (!root) continue;
    const offsets = selectionOffsets(root, selection);
    if (offsets) return { kind, root, offsets, rect: selection.getRangeAt(0).getBoundingClientRect() };
  }
  return null;
}

/** Place an element (absolutely positioned in #reader) just below a rectangle of the viewport. */
function placeBelow(element, rect) {
  const frame = reader.getBoundingClientRect();
  const width = element.offsetWidth || 320;
  const left = Math.min(Math.max(rect.left - frame.left, 8), frame.width - width - 8);
  element.style.left = `${Math.max(left, 8)}px`;
  element.style.top = `${rect.bottom - frame.top + 8}px`;
}

function updateMarkButton() {
  const button = byId('mark-button');
  if (!button || state.pending) return;
  const context = selectionContext();
  state.candidate = context;
  if (!context) {
    button.hidden = true;
    return;
  }
  const claimLabel = editing.replacing() ? 'Place claim here ' : 'Mark as claim ';
  button.firstChild.textContent = context.kind === 'claim' ? claimLabel : 'Link passage ';
  button.hidden = false;
  placeBelow(button, context.rect);
}

function showPendingHighlight(root, offsets) {
  if (!window.CSS?.highlights || !window.Highlight) return;
  try {
    CSS.highlights.set('reader-pending', new Highlight(rangeForOffsets(root, offsets.start, offsets.end)));
  } catch { /* the text changed under the selection: nothing to show */ }
}

function clearPendingHighlight() {
  window.CSS?.highlights?.delete('reader-pending');
}

function commentBlockAt(offset) {
  for (const block of byId('comment-blocks')?.children ?? []) {
    if (offset >= Number(block.dataset.start) && offset < Number(block.dataset.end)) return block;
  }
  return null;
}

function openPopover(context) {
  const popover = byId(context.kind === 'claim' ? 'claim-popover' : 'evidence-popover');
  if (!popover) return;
  closePopovers({ restore: false });
  state.pending = context;
  byId('mark-button').hidden = true;
  const form = popover.querySelector('form');
  form.reset();
  showError(popover.querySelector('.form-error'), '');
  const quote = context.offsets.exact;
  popover.querySelector('.popover-quote').textContent = quote.length > 280 ? `${quote.slice(0, 279)}…` : quote;
  if (context.kind === 'claim') {
    // In a reader comment the writer is the likely speaker; elsewhere the editor types one, unless a
    // suggestion of the text says who asserts it (it arrives a moment later, if at all).
    const block = commentBlockAt(context.offsets.start);
    form.elements.speaker_role.value = block ? 'commenter' : 'author';
    form.elements.speaker.value = block ? block.textContent : '';
    byId('claim-speaker-help').textContent = SPEAKER_HELP;
    prefillFromSuggestion(form, context);
  }
  showPendingHighlight(context.root, context.offsets);
  popover.hidden = false;
  placeBelow(popover, context.rect);
  const first = context.kind === 'claim' ? form.elements.speaker : form.querySelector('input[name="stance"]');
  first.focus({ preventScroll: true });
  popover.scrollIntoView({ block: 'nearest', behavior: reducedMotion ? 'auto' : 'smooth' });
}

// The speaker field's help as the page has it; its data-suggested is shown when a suggestion filled in.
const SPEAKER_HELP = byId('claim-speaker-help')?.textContent ?? '';

/** The speaker and role of the open suggestion that covers the selected text, in place of the guess
 * openPopover made; not if the popover closed or the editor changed either field meanwhile. */
async function prefillFromSuggestion(form, context) {
  const { speaker, speaker_role: role } = form.elements;
  const guess = [speaker.value, role.value];
  const suggested = await panelTabs.suggestedSpeaker(context.offsets).catch(() => null);
  const changed = speaker.value !== guess[0] || role.value !== guess[1];
  if (!suggested || state.pending !== context || changed) return;
  speaker.value = suggested.speaker;
  if ([...role.options].some((option) => option.value === suggested.role)) role.value = suggested.role;
  const help = byId('claim-speaker-help');
  help.textContent = help.dataset.suggested;
}

/** Close the open popover; `restore` puts the selection and focus back where they were (Esc, Cancel). */
function closePopovers({ restore = true } = {}) {
  const context = state.pending;
  for (const id of ['claim-popover', 'evidence-popover']) {
    const popover = byId(id);
    if (popover) popover.hidden = true;
  }
  clearPendingHighlight();
  state.pending = null;
  if (!restore || !context || !context.root.isConnected) return;
  context.root.focus({ preventScroll: true });
  try {
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(rangeForOffsets(context.root, context.offsets.start, context.offsets.end));
  } catch { /* the text was re-rendered: no selection to restore */ }
}

/** Tab and Shift+Tab stay inside an open popover (radio groups count once, as browsers tab them). */
function trapTab(event, popover) {
  const focusable = [...popover.querySelectorAll('input, select, textarea, button')].filter((el) => {
    if (el.disabled || el.closest('[hidden]')) return false;
    if (el.type !== 'radio') return true;
    const group = [...popover.querySelectorAll(`input[type="radio"][name="${el.name}"]`)];
    const checked = group.find((radio) => radio.checked);
    return checked ? el === checked : el === group[0];
  });
  if (!focusable.length) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    last.focus();
    event.preventDefault();
  } else if (!event.shiftKey && document.activeElement === last) {
    first.focus();
    event.preventDefault();
  }
}

async function refreshText() {
  const parts = await fetchFragment(reader.dataset.partsUrl);
  const text = parts.getElementById('article-text');
  articleText().replaceChildren(...text.childNodes);
  byId('claim-list').replaceWith(parts.getElementById('claim-list'));
  revealPanelRest();
  byId('claim-count').textContent = parts.getElementById('claim-count').textContent;
}

async function saveClaim(form) {
  const context = state.pending;
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const claim = await api('POST', `${reader.dataset.claimsApi}?offsets=utf16`, {
      document: Number(reader.dataset.document),
      revision: Number(articleText().dataset.revision),
      start: context.offsets.start,
      end: context.offsets.end,
      exact: context.offsets.exact,
      speaker: form.elements.speaker.value.trim(),
      speaker_role: form.elements.speaker_role.value,
      statement: form.elements.statement.value.trim(),
    });
    closePopovers({ restore: false });
    await refreshText();
    remember(form.elements.speaker.value.trim());
    selectClaim(claim.id, { from: 'text' });
    const root = articleText();
    root.focus({ preventScroll: true });
    const caretRange = rangeForOffsets(root, context.offsets.end, context.offsets.end);
    document.getSelection().removeAllRanges();
    document.getSelection().addRange(caretRange);
    announce('Claim saved.');
  } catch (error) {
    showError(form.querySelector('.form-error'), error.message);
  } finally {
    button.disabled = false;
  }
}

/** Offer a speaker typed once again next time, without reloading the page. */
function remember(name) {
  const list = byId('speaker-names');
  if (!name || !list || [...list.options].some((option) => option.value === name)) return;
  const option = document.createElement('option');
  option.value = name;
  list.append(option);
}

// --- Evidence -------------------------------------------------------------------------------------------

/** After evidence changed: the claim's detail, its summary ("scoring…"), and the source pane if open. */
async function evidenceChanged(claimId, message) {
  announce(message);
  const work = [loadDetail(claimId), refreshSummaries([claimId])];
  const source = byId('source');
  if (source && source.dataset.claim === String(claimId)) work.push(reloadSource());
  await Promise.allSettled(work);
}

async function saveEvidence(form) {
  const context = state.pending;
  const source = byId('source');
  const stance = form.querySelector('input[name="stance"]:checked')?.value;
  if (!stance) {
    showError(form.querySelector('.form-error'), 'Choose a stance: supports, contradicts, mixed or context.');
    return;
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    await api('POST', `${reader.dataset.claimsApi}${source.dataset.claim}/evidence/?offsets=utf16`, {
      document: Number(source.dataset.document),
      revision: Number(source.dataset.revision),
      start: context.offsets.start,
      end: context.offsets.end,
      exact: context.offsets.exact,
      stance,
      note: form.elements.note.value.trim(),
    });
    closePopovers({ restore: false });
    await evidenceChanged(source.dataset.claim, 'Passage linked as evidence. Scoring…');
    sourceText()?.focus({ preventScroll: true });
  } catch (error) {
    showError(form.querySelector('.form-error'), error.message);
  } finally {
    button.disabled = false;
  }
}

async function linkWholeDocument(form) {
  const source = byId('source');
  if (!form.elements.stance.value) {
    showError(form.querySelector('.form-error'), 'Choose a stance: supports, contradicts, mixed or context.');
    form.elements.stance.focus();
    return;
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    await api('POST', `${reader.dataset.claimsApi}${source.dataset.claim}/evidence/`, {
      document: Number(source.dataset.document),
      stance: form.elements.stance.value,
      note: form.elements.note.value.trim(),
    });
    await evidenceChanged(source.dataset.claim, 'Whole document linked as evidence. Scoring…');
    byId('source-title')?.focus();
  } catch (error) {
    showError(form.querySelector('.form-error'), error.message);
    button.disabled = false;
  }
}

let disableSourceKeys = null;

async function reloadSource() {
  const source = byId('source');
  if (!source) return;
  const fragment = await fetchFragment(source.dataset.url);
  byId('source-pane').replaceChildren(fragment);
  sourceOpened({ focus: false });
}

/** A source document arrived in the pane (chosen from the search results): show it beside the article. */
function sourceOpened({ focus = true } = {}) {
  const pane = byId('source-pane');
  pane.hidden = false;
  reader.classList.add('has-source');
  disableSourceKeys?.();
  disableSourceKeys = sourceText() ? enableKeyboardSelection(sourceText()) : null;
  if (narrow.matches) openSheet(false); // the source is what one reads and selects in now
  if (focus) {
    pane.scrollTop = 0;
    byId('source-title')?.focus({ preventScroll: true });
    pane.scrollIntoView({ block: 'nearest' });
  }
}

function closeSource() {
  const pane = byId('source-pane');
  const claimId = byId('source')?.dataset.claim;
  disableSourceKeys?.();
  disableSourceKeys = null;
  pane.replaceChildren();
  pane.hidden = true;
  reader.classList.remove('has-source');
  byId(`claim-detail-${claimId}`)?.querySelector('[data-action="link-evidence"]')?.focus();
}

async function evidenceAction(action, item) {
  const claimId = item.closest('.claim-detail')?.id.replace('claim-detail-', '');
  const evidenceId = item.dataset.evidence;
  const view = item.querySelector('.evidence-view');
  const edit = item.querySelector('.evidence-edit');
  const confirm = item.querySelector('.evidence-confirm');
  switch (action) {
    case 'evidence-edit':
      view.hidden = true;
      edit.hidden = false;
      edit.elements.stance.focus();
      break;
    case 'evidence-edit-cancel':
      edit.hidden = true;
      view.hidden = false;
      view.querySelector('[data-action="evidence-edit"]').focus();
      break;
    case 'evidence-remove':
      confirm.hidden = false;
      view.querySelector('.evidence-actions').hidden = true;
      confirm.querySelector('[data-action="evidence-remove-yes"]').focus();
      break;
    case 'evidence-remove-cancel':
      confirm.hidden = true;
      view.querySelector('.evidence-actions').hidden = false;
      view.querySelector('[data-action="evidence-remove"]').focus();
      break;
    case 'evidence-remove-yes':
      try {
        await api('DELETE', `${reader.dataset.evidenceApi}${evidenceId}/`);
        await evidenceChanged(claimId, 'Evidence removed. Scoring…');
        byId(`claim-summary-${claimId}`)?.focus();
      } catch (error) {
        showError(confirm.querySelector('.form-error'), error.message);
      }
      break;
    default:
  }
}

async function saveEvidenceEdit(form) {
  const item = form.closest('.evidence-item');
  const claimId = item.closest('.claim-detail').id.replace('claim-detail-', '');
  try {
    await api('PATCH', `${reader.dataset.evidenceApi}${item.dataset.evidence}/`, {
      stance: form.elements.stance.value,
      note: form.elements.note.value.trim(),
    });
    await evidenceChanged(claimId, 'Evidence updated. Scoring…');
    byId(`evidence-${item.dataset.evidence}`)?.querySelector('[data-action="evidence-edit"]')?.focus();
  } catch (error) {
    showError(form.querySelector('.form-error'), error.message);
  }
}

// --- Wiring ---------------------------------------------------------------------------------------------

function onClick(event) {
  const target = event.target;
  const action = target.closest('[data-action]')?.dataset.action;
  if (action === 'close-popover') return closePopovers();
  if (action === 'close-source') return closeSource();
  if (action === 'link-evidence') {
    const button = target.closest('[data-action]');
    const search = byId(button.getAttribute('aria-controls'));
    search.hidden = !search.hidden;
    button.setAttribute('aria-expanded', String(!search.hidden));
    if (!search.hidden) search.querySelector('input').focus();
    return undefined;
  }
  if (action?.startsWith('evidence-')) return evidenceAction(action, target.closest('.evidence-item'));
  if (action?.startsWith('claim-')) return editing.act(action, target.closest('.claim-card'));
  if (action === 'replace-cancel') return editing.stopReplace();
  if (action === 'sheet-toggle') return openSheet(!byId('claim-panel').classList.contains('is-open'));
  if (target.closest('.panel-tab') && narrow.matches) openSheet(true);
  if (target.closest('#mark-button')) {
    if (state.candidate?.kind === 'claim' && editing.replacing()) return editing.replaceClaim(state.candidate);
    if (state.candidate) openPopover(state.candidate);
    return undefined;
  }
  const summary = target.closest('.claim-summary');
  if (summary) {
    const id = summary.dataset.claim;
    if (state.selected === id && summary.getAttribute('aria-expanded') === 'true') {
      collapse(id);
      state.selected = null;
      markSelectedSegments(null);
      return undefined;
    }
    return selectClaim(id, { from: 'panel' });
  }
  const segment = target.closest('#article-text .hl');
  if (segment && document.getSelection().isCollapsed) selectAtSegment(segment);
  return undefined;
}

function onKeyDown(event) {
  const popover = event.target.closest?.('.popover');
  if (popover) {
    if (event.key === 'Escape') {
      event.preventDefault();
      closePopovers();
    } else if (event.key === 'Tab') {
      trapTab(event, popover);
    }
    return;
  }
  const inText = event.target === articleText() || event.target === sourceText();
  if (!inText || event.altKey || event.metaKey) return;
  const plainC = (event.key === 'c' || event.key === 'C') && !event.ctrlKey;
  const ctrlEnter = event.key === 'Enter' && event.ctrlKey;
  if (canEdit && (plainC || ctrlEnter || event.key === 'Enter')) {
    const context = selectionContext();
    if (context && context.root === event.target) {
      event.preventDefault();
      if (context.kind === 'claim' && editing.replacing()) editing.replaceClaim(context);
      else openPopover(context);
      return;
    }
  }
  if (event.key === 'Enter' && event.target === articleText()) {
    const segment = segmentAtCaret();
    if (segment) {
      event.preventDefault();
      selectAtSegment(segment);
    }
  } else if (event.key === 'Escape') {
    if (editing.replacing()) editing.stopReplace();
    document.getSelection().collapseToEnd();
    byId('mark-button')?.setAttribute('hidden', '');
  }
}

function onSubmit(event) {
  const form = event.target;
  if (form.id === 'claim-form') {
    event.preventDefault();
    saveClaim(form);
  } else if (form.id === 'evidence-form') {
    event.preventDefault();
    saveEvidence(form);
  } else if (form.id === 'whole-document-form') {
    event.preventDefault();
    linkWholeDocument(form);
  } else if (form.classList.contains('evidence-edit')) {
    event.preventDefault();
    saveEvidenceEdit(form);
  }
}

function init() {
  reader.addEventListener('click', onClick);
  reader.addEventListener('keydown', onKeyDown);
  reader.addEventListener('submit', onSubmit);
  // The mark button must not take the selection away from the text it is about.
  byId('mark-button')?.addEventListener('mousedown', (event) => event.preventDefault());
  if (canEdit) {
    let queued = false;
    document.addEventListener('selectionchange', () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        updateMarkButton();
      });
    });
  }
  enableKeyboardSelection(articleText());
  panelTabs = wireSuggestions({ api, fetchFragment, announce, showError, refreshText, selectClaim });
  editing = wireClaimEditing({
    api, announce, showError, refreshText, selectClaim, closeSource, updateMarkButton, openSheet, narrow,
    forget: () => { state.selected = null; },
  });
  // A link to the Suggestions tab opens the sheet it is in on a narrow screen.
  if (location.hash === '#suggestions' && narrow.matches) openSheet(true);
  // A source that does not open (its claim or document deleted meanwhile): say why beside the search.
  showRefusals(
    (elt, target) => (target?.id === 'source-pane' ? elt.closest('.evidence-results') : null),
    showError,
    (status) => `The document did not open: the server answered ${status}.`,
  );
  document.body.addEventListener('htmx:afterSwap', (event) => {
    const target = event.detail.target;
    if (target?.id === 'source-pane') sourceOpened();
    // The verdict panel of an open claim replaced itself (its job ran): bring its summary up to date.
    const verdict = target?.id?.match(/^claim-(\d+)-verdict$/);
    if (verdict) refreshSummaries([verdict[1]]).catch(() => {});
  });
  setInterval(pollPending, POLL_MS);
  const linked = location.hash.match(/^#claim-(\d+)$/);
  if (linked) selectClaim(linked[1], { from: 'hash' });

  reader.dataset.highlights = String(articleText().querySelectorAll('.hl').length);
  performance.mark('reader:wired');
  // rAF runs before the next frame is painted; a task queued from it runs after that paint.
  requestAnimationFrame(() => setTimeout(() => {
    performance.mark('reader:painted');
    revealPanelRest();
    performance.mark('reader:panel');
    reader.dataset.ready = 'true';
  }, 0));
}

if (reader) init();
