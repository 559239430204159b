"""The one error an import raises for bad input; pure Python so extraction and fetching can use it."""

from __future__ import annotations


class ImportRefused(Exception):
    """Bad input for an import. `message` says what is wrong in words the user can act on;
    `field` names the input it is about (text, file, url, title, ...)."""

    def __init__(
        self, message: str, *, field: str = "text", code: str = "invalid", document_id: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.document_id = document_id  # the existing document a "possible_revision" refusal is about

    def __str__(self) -> str:
        return self.message


def nothing_to_import(name: str, *, pasted: bool = False) -> ImportRefused:
    """The refusal of an import with no text in it (nothing, or only whitespace). A paste is no file:
    "pasted text: the file is empty" spoke of a file the editor never chose."""
    return ImportRefused(
        "The pasted text is empty." if pasted else f"{name}: the file is empty", code="empty"
    )


def no_readable_text(name: str, *, pasted: bool = False) -> ImportRefused:
    """The refusal of HTML with no sentence in it, said of the paste, or of the file or page by its name
    (the command lists each file's refusal after its name)."""
    why = "the HTML holds no sentence, only menus, links, scripts or markup"
    if pasted:
        return ImportRefused(f"The pasted text has no readable text: {why}.", code="no_text")
    return ImportRefused(f"{name}: no readable text was found ({why}).", code="no_text")
