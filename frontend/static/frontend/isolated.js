// User-given text (a title, a quote, a name) inside one of our sentences: in its own <bdi>, so a
// right-to-left word or a stray direction override in it cannot reorder the words around it. Set as
// textContent, never as HTML.

export function isolated(text) {
  const node = document.createElement("bdi");
  node.textContent = text;
  return node;
}
