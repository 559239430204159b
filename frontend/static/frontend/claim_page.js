/**
 * The claim page's Suggested evidence: htmx replaces the whole section after a passage is linked or
 * dismissed, which would drop the keyboard focus on the page's start. This puts it back where the editor
 * was: on the refused item's stance (its error is beside it), else on the suggestion that took the
 * decided one's place, else on the section's heading.
 */
import { showRefusals } from './refusals.js';

const SECTION = 'suggested-evidence';
let acted = null; // {id, index} of the suggestion whose form was posted

document.body.addEventListener('htmx:beforeRequest', (event) => {
  const item = event.detail.elt.closest?.(`#${SECTION} .suggestion-item`);
  if (!item) return;
  const items = [...document.querySelectorAll(`#${SECTION} .suggestion-item`)];
  acted = { id: item.id, index: items.indexOf(item) };
});

document.body.addEventListener('htmx:afterSettle', () => {
  if (!acted || !document.getElementById(SECTION)) return;
  const { id, index } = acted;
  acted = null;
  const still = document.getElementById(id);
  const items = [...document.querySelectorAll(`#${SECTION} .suggestion-item`)];
  const next = items[Math.min(index, items.length - 1)];
  const target = still?.querySelector('select')
    ?? next?.querySelector('.evidence-document')
    ?? document.getElementById(`${SECTION}-heading`);
  target?.focus({ preventScroll: !!still });
});

// A decision the server could not take because its suggestion is gone (the claim deleted in another tab,
// or the passage's document): say so in the section.
showRefusals(
  (elt) => elt.closest?.(`#${SECTION}`),
  (section, message) => {
    acted = null;
    let error = section.querySelector('.section-error');
    if (!error) {
      error = document.createElement('p');
      error.className = 'field-error section-error';
      error.setAttribute('role', 'alert');
      section.querySelector(`#${SECTION}-heading`).after(error);
    }
    error.textContent = message;
  },
  (status) => `Nothing changed: the server answered ${status}.`,
);
