/**
 * Correcting a claim in the reader: re-placing its span on newly selected text (which also settles a
 * claim that lost its place on re-import) and deleting it after a confirmation the editor sees. Both go
 * through the REST API (PATCH and DELETE /api/v1/claims/{id}/), so the claim's history records them.
 *
 * reader.js owns the selection and the mark button; while a claim is being re-placed, that button says
 * "Place claim here" and its selection goes to replaceClaim() instead of the marking popover.
 * Offsets are UTF-16 units of the text shown, as selection.js counts them. Nothing here builds HTML.
 */

const byId = (id) => document.getElementById(id);
const isId = (value) => /^\d+$/.test(String(value));

/**
 * Wire re-placing and deleting. `hooks` are reader.js's: api, announce, showError, refreshText,
 * selectClaim, closeSource, updateMarkButton, openSheet, narrow (a MediaQueryList), and forget() (no
 * claim is selected any more). Returns {replacing(), stopReplace(), replaceClaim(context), act(action, card)}.
 */
export function wireClaimEditing(hooks) {
  const reader = byId('reader');
  let replacing = null; // the id of the claim whose next selection in the article becomes its span

  /** Say what was just done to a claim in the panel, with a link (its history) when there is one. */
  function showNotice(message, href = '') {
    byId('reader-notice-text').textContent = message;
    const link = byId('reader-notice-link');
    link.hidden = !href;
    if (href) link.href = href;
    byId('reader-notice').hidden = false;
  }

  function startReplace(id) {
    replacing = id;
    if (hooks.narrow.matches) hooks.openSheet(false); // the text to select in must be in view
    byId('replace-bar').hidden = false;
    byId('reader-notice').hidden = true;
    hooks.announce('Select the claim’s new text in the article, then press Place claim here.');
    byId('article-text').focus({ preventScroll: true });
    hooks.updateMarkButton();
  }

  function stopReplace() {
    replacing = null;
    const bar = byId('replace-bar');
    if (bar) bar.hidden = true;
    hooks.updateMarkButton();
  }

  /** Send the selection as the claim's new span (the API places it in the current revision), then show
   * the text with the claim where it now is. */
  async function replaceClaim(context) {
    const id = replacing;
    try {
      await hooks.api('PATCH', `${reader.dataset.claimsApi}${id}/?offsets=utf16`, {
        revision: Number(byId('article-text').dataset.revision),
        start: context.offsets.start,
        end: context.offsets.end,
        exact: context.offsets.exact,
      });
    } catch (error) {
      showNotice(`Could not place the claim there: ${error.message}`);
      hooks.announce(`Could not place the claim there: ${error.message}`);
      return;
    }
    stopReplace();
    document.getSelection().removeAllRanges();
    byId('mark-button').hidden = true;
    await hooks.refreshText();
    hooks.selectClaim(id, { from: 'text' });
    hooks.announce('Claim placed on the new text. Scoring…');
  }

  async function deleteClaim(id, confirm) {
    const historyUrl = confirm.querySelector('[data-action="claim-delete-yes"]').dataset.historyUrl;
    try {
      await hooks.api('DELETE', `${reader.dataset.claimsApi}${id}/`);
    } catch (error) {
      hooks.showError(confirm.querySelector('.form-error'), error.message);
      return;
    }
    if (byId('source')?.dataset.claim === id) hooks.closeSource();
    if (replacing === id) stopReplace();
    hooks.forget();
    history.replaceState(null, '', location.pathname + location.search);
    await hooks.refreshText();
    showNotice('Claim deleted.', historyUrl);
    hooks.announce('Claim deleted. Its history keeps it.');
    byId('tab-claims')?.focus();
  }

  /** The buttons of a claim's detail (`card`): re-place, delete, and the confirmation's yes and cancel. */
  function act(action, card) {
    const id = card?.dataset.claim;
    if (!isId(id)) return undefined;
    const actions = card.querySelector('.claim-actions');
    const confirm = card.querySelector('.claim-confirm');
    switch (action) {
      case 'claim-replace':
        return startReplace(id);
      case 'claim-delete':
        confirm.hidden = false;
        actions.hidden = true;
        return confirm.querySelector('[data-action="claim-delete-yes"]').focus();
      case 'claim-delete-cancel':
        confirm.hidden = true;
        actions.hidden = false;
        return actions.querySelector('[data-action="claim-delete"]').focus();
      case 'claim-delete-yes':
        return deleteClaim(id, confirm);
      default:
        return undefined;
    }
  }

  return { replacing: () => replacing, stopReplace, replaceClaim, act };
}
