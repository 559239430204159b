// An htmx request the server refused (400 or more), shown where the editor acted rather than nothing, or
// with DEBUG django-htmx's error page in place of the whole page: listening on body, this runs before
// django-htmx's listener on document and stops it. The server says why in plain text where it can.

// `placeOf(elt, target)` names the element a refusal of that request is shown in (none: not ours);
// `show(place, message)` shows it there: the server's plain-text reason, else `fallback(status)`.
export function showRefusals(placeOf, show, fallback) {
  document.body.addEventListener('htmx:beforeOnLoad', (event) => {
    const { xhr, target, elt } = event.detail;
    if (xhr.status < 400) return;
    const place = placeOf(elt, target);
    if (!place) return;
    event.stopPropagation();
    const plain = xhr.getResponseHeader('Content-Type')?.startsWith('text/plain');
    show(place, plain ? xhr.responseText : fallback(xhr.status));
  });
}
