/**
 * The reader's side panel as two tabs, Claims and Suggestions, and what the Suggestions tab does: its
 * list (the document's open claim suggestions, from the server, loaded when the tab is first shown),
 * showing where a suggestion is in the text, and accepting or dismissing one through the REST API.
 *
 * Accepting makes the claim; the text and the claims panel are then swapped in as after marking a claim
 * by hand (reader.js passes its own functions for that). Offsets in the list are UTF-16 units of the
 * text shown, as selection.js counts them. Nothing here builds HTML from strings.
 */
import { isolated } from './isolated.js';
import { rangeForOffsets } from './selection.js';

const FLASH_MS = 5000; // how long a suggestion's span stays marked after "show in the text"
// Right after an import the suggestion job may not have run yet: the list asks again this often while the
// server says it is pending. After FACTCHECK_SUGGESTIONS_WAIT the server calls the search late, says when
// the sweep sends it again and offers to search again at once; the list keeps asking, so the suggestions
// of the search sent again appear by themselves. A search failed after its attempts is not waited for.
const PENDING_CHECK_MS = 3000;
// So that a page left open does not ask forever, it stops after this long waiting, and says so where it
// promised the suggestions would appear, with a button to check again.
const PENDING_CHECK_FOR_MS = 10 * 60 * 1000;

const byId = (id) => document.getElementById(id);

/**
 * ARIA tabs: a click or Enter/Space shows a tab; the arrow keys, Home and End move between tabs and show
 * them (only the selected tab is in the Tab order). Each tab keeps its own scroll position in the panel.
 * Returns show(name) for "claims" or "suggestions".
 */
function wireTabs(tablist, scroller, onShow) {
  const tabs = [...tablist.querySelectorAll('[role="tab"]')];
  const scrolled = new Map();
  const selected = () => tabs.find((tab) => tab.getAttribute('aria-selected') === 'true');

  function show(tab, { focus = false } = {}) {
    if (!tab) return;
    const before = selected();
    if (before !== tab) {
      scrolled.set(before, scroller.scrollTop);
      for (const other of tabs) {
        const isIt = other === tab;
        other.setAttribute('aria-selected', String(isIt));
        other.tabIndex = isIt ? 0 : -1;
        byId(other.getAttribute('aria-controls')).hidden = !isIt;
      }
      scroller.scrollTop = scrolled.get(tab) ?? 0;
    }
    if (focus) tab.focus();
    onShow(tab.id.replace('tab-', ''));
  }

  tablist.addEventListener('click', (event) => show(event.target.closest('[role="tab"]')));
  tablist.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(event.target.closest('[role="tab"]'));
    const to = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (index < 0 || to === undefined) return;
    event.preventDefault();
    show(tabs[(to + tabs.length) % tabs.length], { focus: true });
  });
  return (name) => show(byId(`tab-${name}`));
}

/**
 * Wire the panel's tabs and the Suggestions tab. `hooks` are reader.js's: api(method, url, body),
 * fetchFragment(url), announce(message), showError(element, message), refreshText(), and
 * selectClaim(id, {from}). Returns {showTab(name), suggestedSpeaker(offsets)}.
 */
export function wireSuggestions(hooks) {
  const panel = byId('suggestions-tabpanel');
  const tablist = byId('panel-tabs');
  if (!panel || !tablist) {
    return { showTab: () => {}, suggestedSpeaker: async () => null };
  }
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  let loaded = null; // the promise of the first load
  let flashTimer = null;

  let checkTimer = null;
  let waitingSince = null; // when the list began asking for a pending search's result

  /** What the server's list says, to tell whether a list fetched again differs from the one shown. */
  function wordsOf(list) {
    const spans = [...list.querySelectorAll('.suggestion-item')].map((item) =>
      [item.dataset.suggestion, item.dataset.start, item.dataset.end].join(':'));
    return [list.dataset.pending ?? '', spans.join(','), list.textContent].join('|');
  }

  /** The list from the server, shown unless it is the one shown already; returned. With a `selection`
   * ({start, end} of the text shown), the server marks the suggestion covering it data-covers. */
  async function load(selection = null) {
    const url = new URL(panel.dataset.url, location.href);
    if (selection) {
      url.searchParams.set('start', selection.start);
      url.searchParams.set('end', selection.end);
    }
    const fragment = await hooks.fetchFragment(url);
    const list = fragment.getElementById('suggestion-list');
    list.dataset.words = wordsOf(list);
    const shown = byId('suggestion-list');
    // The same list again (still waiting, or nothing decided meanwhile): left as it is, so asking again
    // does not take the focus off "Search again now" nor a speaker being corrected; when it changed, the
    // focus moves to the new button.
    if (shown.dataset.words !== list.dataset.words) {
      const onSearch = shown.contains(document.activeElement) && document.activeElement.closest('.suggestion-search');
      shown.replaceWith(list);
      if (onSearch) list.querySelector('.suggestion-search button')?.focus({ preventScroll: true });
    }
    byId('suggestion-count').textContent = list.dataset.count;
    // The document's suggestion job has not run yet (or is late): ask again.
    clearTimeout(checkTimer);
    if (list.dataset.pending === 'true') checkLater();
    else waitingSince = null;
    return list;
  }

  /** Ask again in a moment (a failed check too), unless the list has waited long enough: then say so. */
  function checkLater() {
    waitingSince ??= Date.now();
    if (Date.now() - waitingSince < PENDING_CHECK_FOR_MS) {
      checkTimer = setTimeout(() => load().catch(checkLater), PENDING_CHECK_MS);
      return;
    }
    const shown = byId('suggestion-list');
    if (shown.querySelector('.suggestion-stopped')) return;
    for (const promise of shown.querySelectorAll('.suggestion-appears')) promise.hidden = true;
    const minutes = Math.round(PENDING_CHECK_FOR_MS / 60000);
    const note = document.createElement('p');
    note.className = 'suggestion-stopped';
    note.textContent = `This page stopped checking for the result after ${minutes} minutes. `;
    const again = document.createElement('button');
    again.type = 'button';
    again.className = 'button button-small';
    again.dataset.action = 'suggestion-check';
    again.textContent = 'Check again';
    note.append(again);
    (shown.querySelector('.panel-empty') ?? shown).append(note);
  }

  /** "Check again" after the list stopped asking: ask now, and again for as long as at first. */
  async function checkAgain(button) {
    button.disabled = true;
    waitingSince = null;
    const shown = byId('suggestion-list');
    try {
      await load();
    } catch (error) {
      button.disabled = false;
      hooks.announce(`Could not check: ${error.message}`);
      return;
    }
    if (byId('suggestion-list') === shown) {
      // Still the same wait: the note goes, the promise it stood in for is back.
      shown.querySelector('.suggestion-stopped')?.remove();
      for (const promise of shown.querySelectorAll('.suggestion-appears')) promise.hidden = false;
    }
    const list = byId('suggestion-list');
    (list.querySelector('.suggestion-search button') ?? list.querySelector('.suggestion-summary') ?? byId('tab-suggestions'))
      .focus({ preventScroll: true });
    hooks.announce(list.dataset.pending === 'true' ? 'Still waiting for the search; checking again.' : 'Checked again.');
  }

  function ensureLoaded(selection = null) {
    loaded ??= load(selection).catch((error) => {
      loaded = null; // the next visit asks again
      // Said where the list stands, unless a list loaded before stands there (a later check failed).
      const empty = byId('suggestion-list').querySelector('.panel-empty');
      if (empty) empty.textContent = `The suggestions could not be loaded: ${error.message}`;
    });
    return loaded;
  }

  const showTab = wireTabs(tablist, byId('claim-panel'), (name) => {
    if (name === 'suggestions') ensureLoaded();
  });

  function clearFlash() {
    window.CSS?.highlights?.delete('reader-suggestion');
    for (const item of panel.querySelectorAll('.suggestion-item.is-shown')) item.classList.remove('is-shown');
  }

  /** Scroll the text to the suggested span and mark it for a few seconds; focus stays in the list. */
  function showInText(item) {
    clearFlash();
    if (!item.dataset.start) {
      hooks.announce('This suggestion was found in an older revision; it is not marked in the text shown.');
      return;
    }
    let range;
    try {
      range = rangeForOffsets(byId('article-text'), Number(item.dataset.start), Number(item.dataset.end));
    } catch {
      hooks.announce('This suggestion is no longer where it was in the text.');
      return;
    }
    item.classList.add('is-shown');
    if (window.CSS?.highlights && window.Highlight) {
      CSS.highlights.set('reader-suggestion', new Highlight(range));
    }
    clearTimeout(flashTimer);
    flashTimer = setTimeout(clearFlash, FLASH_MS);
    const box = range.getBoundingClientRect();
    window.scrollBy({ top: box.top - window.innerHeight / 3, behavior: reducedMotion ? 'auto' : 'smooth' });
  }

  /** Say what was decided above the list; after an accept, offer to show the claim made. `message`: text,
   * or a list of text and nodes (a quote isolated in its own element). */
  function done(message, claimId = null) {
    const text = byId('suggestion-done-text');
    text.replaceChildren(...[message].flat());
    const show = byId('suggestion-done-show');
    show.hidden = claimId === null;
    show.dataset.claim = claimId ?? '';
    byId('suggestion-done').hidden = false;
    hooks.announce(text.textContent);
  }

  /** The list again from the server (what is still open), focus on the item now where the decided one was. */
  async function reloadAfter(item) {
    const index = [...panel.querySelectorAll('.suggestion-item')].indexOf(item);
    await load();
    const items = [...panel.querySelectorAll('.suggestion-item')];
    const next = items[Math.min(index, items.length - 1)];
    (next?.querySelector('.suggestion-summary') ?? byId('tab-suggestions')).focus({ preventScroll: true });
  }

  function busy(form, on) {
    for (const button of form.querySelectorAll('button')) button.disabled = on;
  }

  async function accept(form) {
    const item = form.closest('.suggestion-item');
    const quote = item.querySelector('.claim-quote').textContent;
    showError(form, '');
    busy(form, true);
    try {
      const claim = await hooks.api('POST', `${panel.dataset.api}${item.dataset.suggestion}/accept/`, {
        speaker: form.elements.speaker.value.trim(),
        speaker_role: form.elements.speaker_role.value,
      });
      clearFlash();
      await hooks.refreshText();
      // Outlined in the text and open in the Claims tab for later, while the editor stays in this list.
      hooks.selectClaim(claim.id);
      done(['Claim made: “', isolated(quote.length > 90 ? `${quote.slice(0, 89)}…` : quote), '”'], claim.id);
      await reloadAfter(item);
    } catch (error) {
      showError(form, error.message);
      busy(form, false);
    }
  }

  async function dismiss(form) {
    const item = form.closest('.suggestion-item');
    showError(form, '');
    busy(form, true);
    try {
      await hooks.api('POST', `${panel.dataset.api}${item.dataset.suggestion}/dismiss/`);
      clearFlash();
      done('Suggestion dismissed: it is not proposed again for this document.');
      await reloadAfter(item);
    } catch (error) {
      showError(form, error.message);
      busy(form, false);
    }
  }

  function showError(form, message) {
    hooks.showError(form.querySelector('.form-error'), message);
  }

  panel.addEventListener('click', (event) => {
    const action = event.target.closest('[data-action]')?.dataset.action;
    if (action === 'suggestion-show') showInText(event.target.closest('.suggestion-item'));
    else if (action === 'suggestion-dismiss') dismiss(event.target.closest('form'));
    else if (action === 'suggestion-check') checkAgain(event.target.closest('button'));
    else if (event.target.closest('#suggestion-done-show')) {
      showTab('claims');
      hooks.selectClaim(byId('suggestion-done-show').dataset.claim, { from: 'panel' });
    }
  });
  /** Search the document again (its search is late or never ran); the list then waits for the result. */
  async function searchAgain(form) {
    busy(form, true);
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'HX-Request': 'true' },
        body: new FormData(form),
      });
      if (!response.ok) throw new Error(`The server answered ${response.status}.`);
      waitingSince = null;
      await load();
      hooks.announce('Searching this document for check-worthy sentences again.');
    } catch (error) {
      hooks.showError(form.parentElement.querySelector('.form-error'), `The search could not be started: ${error.message}`);
      busy(form, false);
    }
  }

  panel.addEventListener('submit', (event) => {
    if (event.target.classList.contains('suggestion-search')) {
      event.preventDefault();
      searchAgain(event.target);
      return;
    }
    if (!event.target.classList.contains('suggestion-decide')) return;
    event.preventDefault();
    accept(event.target);
  });

  /**
   * Who the open suggestion of a selection says asserts it: {speaker, role}, or null when no suggestion
   * covers the selection. Which one covers it the server says, as a claim marked there would settle it
   * (claims.assist.selectors.claim_suggestion_covering), in the tab's list loaded again for this (once,
   * the first time too): since it was loaded, suggestions may have been decided elsewhere, settled by a
   * claim marked, or found by a search.
   */
  async function suggestedSpeaker({ start, end }) {
    const selection = { start, end };
    // A failed check keeps the list shown, and suggests no one.
    const list = await (loaded ? load(selection).catch(() => null) : ensureLoaded(selection));
    const best = list?.querySelector('.suggestion-item[data-covers]');
    return best ? { speaker: best.dataset.speaker ?? '', role: best.dataset.speakerRole ?? 'author' } : null;
  }

  if (location.hash === '#suggestions') showTab('suggestions');
  return { showTab, suggestedSpeaker };
}
