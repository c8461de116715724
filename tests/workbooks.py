"""What a person reads in a workbook Kuska writes (the agency's template, the transcription of paper screening
forms): for tests that compare its words across languages, and for the pseudo-language (tests/pseudo.py), which
looks for words that went through no catalogue."""

from __future__ import annotations

from openpyxl import Workbook

from tests.pseudo import unmarked

_VALIDATION_TEXTS = ("errorTitle", "error", "promptTitle", "prompt")


def workbook_texts(book: Workbook) -> dict[str, str]:
    """Every text of the workbook, hidden sheets included: the document's title, each sheet's title, each text
    cell, each comment, and each data validation's titles and messages. Keyed by the sheet's position and the
    cell or range, so the same place has the same key in every language.

    The values a drop-down offers are not here: they are codes and the profile's labels, which intake reads back.
    """
    found = {"title": book.properties.title or ""}
    for index, sheet in enumerate(book.worksheets):
        found[f"{index}"] = sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value:
                    found[f"{index}!{cell.coordinate}"] = cell.value
                if cell.comment is not None:
                    found[f"{index}!{cell.coordinate} comment"] = cell.comment.text
        for validation in sheet.data_validations.dataValidation:
            for name in _VALIDATION_TEXTS:
                text = getattr(validation, name)
                if text:
                    found[f"{index}!{validation.sqref} {name}"] = text
    return found


def unmarked_words(texts: dict[str, str], data: set[str]) -> dict[str, list[str]]:
    """Under the pseudo-language, the words of each text that went through no catalogue, by place (none: an empty
    dictionary). ``data`` holds what may stand as it is: codes, column names, the profile's names and labels; a text
    that is one of them is data as a whole, and the longer ones are taken out of any text they stand in."""
    names = [name for name in data if len(name) > 3]
    found = {}
    for where, text in texts.items():
        if text.strip() in data:
            continue
        words = unmarked(text, names)
        if words:
            found[where] = words
    return found
