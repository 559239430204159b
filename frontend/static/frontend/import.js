// Upload form of the import page, enhanced: each file is sent on its own, so each gets a real progress
// bar (XMLHttpRequest reports upload progress; fetch does not) and its own result or refusal.
// Without this module the form still posts all files at once and the server lists the results.
// File names and titles are imported content: they only ever go into textContent, never into HTML, and
// a title inside a sentence is isolated (isolated.js).

import { isolated } from "./isolated.js";

const PARALLEL = 3;
// How each kind of a file's result is said, its row's label and its count in the summary, in the
// summary's order: the server's words (sources.imports.RESULT_WORDS), in the form's data-result-words.
// "needs_choice": the file looks like an existing document and waits for the editor to say what it is.
const RESULT_WORDS = JSON.parse(document.querySelector("form[data-import-files]")?.dataset.resultWords ?? "{}");
// No answer, or a gateway that gave up waiting: the server may have stored the file all the same, so the
// row says neither "imported" nor "failed".
const NO_ANSWER = new Set([0, 504]);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function formatSize(bytes) {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

// The import service's own words for a file over the limit (sources/services.py `_check_size`):
// refusing it here spares sending megabytes only to be told the same.
function tooLarge(file, limit) {
  const mb = (n) => (n / 1_000_000).toFixed(1);
  return `${file.name}: ${mb(file.size)} MB is over the import limit of ${mb(limit)} MB`;
}

class FileRow {
  constructor(file) {
    this.file = file;
    this.node = element("li", "upload-row");
    const head = element("div", "upload-head");
    const name = element("span", "upload-name", file.name);
    name.append(element("span", "upload-size", formatSize(file.size)));
    this.status = element("span", "upload-status", "Waiting");
    head.append(name, this.status);
    this.progress = element("progress");
    this.progress.max = 100;
    this.progress.value = 0;
    this.progress.setAttribute("aria-label", `Upload of ${file.name}`);
    this.node.append(head, this.progress);
    this.node.dataset.state = "waiting";
  }

  uploading(fraction) {
    this.node.dataset.state = "uploading";
    this.progress.value = Math.round(fraction * 100);
    this.status.textContent = `Uploading ${Math.round(fraction * 100)} %`;
  }

  processing() {
    // The bytes are sent; extraction takes as long as it takes: an indeterminate bar says so.
    this.node.dataset.state = "processing";
    this.progress.removeAttribute("value");
    this.status.textContent = "Extracting text…";
  }

  // What became of the file, a key of RESULT_WORDS: its label on the row, and what the summary counts.
  settle(kind) {
    this.kind = kind;
    this.progress.value = 100;
    this.status.textContent = RESULT_WORDS[kind].label;
  }

  done(result) {
    this.node.dataset.state = "done";
    this.settle(result.import_status);
    const detail = element("p", "upload-detail");
    const link = element("a");
    link.append(isolated(result.title));
    link.href = result.url;
    detail.append(link);
    this.node.append(detail);
  }

  failed(messages) {
    this.node.dataset.state = "failed";
    this.settle("failed");
    for (const message of messages) this.node.append(element("p", "upload-detail field-error", message));
  }

  // The file's title and publisher match an existing document: the editor says what it is, and the
  // file is sent again with that answer. A question, not an error: the message is not in the error's red.
  needsChoice(messages, existing, retry) {
    this.node.dataset.state = "choice";
    this.settle("needs_choice");
    for (const message of messages) this.node.append(element("p", "upload-detail", message));
    const choice = element("div", "lookalike");
    choice.setAttribute("role", "group");
    choice.setAttribute("aria-label", `What ${this.file.name} is`);
    const revision = element("button", "button button-primary button-small");
    // One span for the words: the button lays out its children as flex items, with gaps between them.
    const words = element("span");
    words.append("Import as a new revision of “", isolated(existing.title), "”");
    revision.append(words);
    const separate = element("button", "button button-small", "Import as a separate document");
    for (const [button, extra] of [[revision, { document: String(existing.id) }], [separate, { separate: "1" }]]) {
      button.type = "button";
      button.addEventListener("click", () => {
        for (const old of this.node.querySelectorAll(".upload-detail, .lookalike")) old.remove();
        retry(extra);
      });
    }
    choice.append(revision, separate);
    this.node.append(choice);
  }

  unanswered() {
    this.node.dataset.state = "unknown";
    this.settle("no_answer");
    const message =
      "The server did not answer: look in Documents whether this file arrived before sending it again.";
    this.node.append(element("p", "upload-detail", message));
  }
}

function errorMessages(response, status) {
  if (response && typeof response === "object") {
    const messages = Object.values(response.errors || {}).flat();
    if (messages.length) return messages;
    if (response.detail) return [response.detail];
  }
  if (status === 403) return ["The server refused the upload: sign in again and reload this page."];
  if (status === 413) return ["The server refused the file as too large."];
  return [`The server could not import this file (HTTP ${status}).`];
}

function send(form, row, extra = {}) {
  const data = new FormData();
  data.append("file", row.file);
  for (const name of ["publisher", "language", "document"]) {
    const field = form.elements.namedItem(name);
    if (field && field.value) data.append(name, field.value);
  }
  for (const [name, value] of Object.entries(extra)) data.set(name, value);
  const token = form.elements.namedItem("csrfmiddlewaretoken").value;
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open("POST", form.dataset.endpoint);
    request.responseType = "json";
    request.setRequestHeader("X-CSRFToken", token);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) row.uploading(event.loaded / event.total);
    });
    request.upload.addEventListener("load", () => row.processing());
    request.addEventListener("load", () => {
      const body = request.response;
      if (request.status >= 200 && request.status < 300 && body && body.document_id) row.done(body);
      else if (NO_ANSWER.has(request.status)) row.unanswered();
      else if (body && body.existing_document) {
        const retry = (answer) => send(form, row, answer).then(() => onRetried(row));
        row.needsChoice(errorMessages(body, request.status), body.existing_document, retry);
      } else row.failed(errorMessages(body, request.status));
      resolve();
    });
    request.addEventListener("error", () => {
      row.unanswered();
      resolve();
    });
    row.uploading(0);
    request.send(data);
  });
}

// After a retried file, the summary above the list counts its new result.
let onRetried = () => {};

// As sources.imports.import_summary says it: each kind counted in its words, the optional ones only when
// there are any.
function summary(rows) {
  const counts = {};
  for (const row of rows) counts[row.kind] = (counts[row.kind] ?? 0) + 1;
  const said = Object.entries(RESULT_WORDS)
    .filter(([kind, words]) => words.always || counts[kind])
    .map(([kind, words]) => words.counted.replace("{n}", counts[kind] ?? 0));
  return `${said.join(", ")}.`;
}

function showFieldError(input, message) {
  clearFieldError(input);
  const error = element("p", "field-error", message);
  error.id = `${input.id}-error`;
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", `${input.id}-help ${error.id}`);
  input.after(error);
}

function clearFieldError(input) {
  for (const old of input.closest(".field").querySelectorAll(".field-error")) old.remove();
  input.removeAttribute("aria-invalid");
  input.setAttribute("aria-describedby", `${input.id}-help`);
}

async function importFiles(form, input, results) {
  const files = [...input.files];
  if (!files.length) {
    showFieldError(input, "Choose one or more files to import.");
    input.focus();
    return;
  }
  clearFieldError(input);
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  form.setAttribute("aria-busy", "true");

  const heading = element("p", "upload-summary", `Importing ${files.length} file${files.length === 1 ? "" : "s"}…`);
  const overall = element("div", "upload-overall");
  const overallBar = element("progress");
  overallBar.max = files.length;
  overallBar.value = 0;
  overallBar.setAttribute("aria-label", "Files done");
  overall.append(overallBar);
  const list = element("ul", "upload-list");
  const rows = files.map((file) => new FileRow(file));
  list.append(...rows.map((row) => row.node));
  results.replaceChildren(heading, overall, list);

  const limit = Number(form.dataset.maxBytes);
  let next = 0;
  let finished = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++];
      if (limit && row.file.size > limit) row.failed([tooLarge(row.file, limit)]);
      else await send(form, row);
      finished += 1;
      overallBar.value = finished;
      heading.textContent = `Importing: ${finished} of ${rows.length} done…`;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, rows.length) }, worker));

  heading.textContent = summary(rows);
  onRetried = () => {
    heading.textContent = summary(rows);
  };
  overall.remove();
  input.value = "";
  button.disabled = false;
  form.removeAttribute("aria-busy");
}

for (const form of document.querySelectorAll("form[data-import-files]")) {
  const input = form.querySelector('input[type="file"]');
  const results = document.getElementById("file-results");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    importFiles(form, input, results);
  });
}
