"""Paper screening forms back into Kuska: the transcription workbook a data officer fills (one row per filled-in
form, one column per question), and its reader, registered with intake as the format ``screening`` so that the
workbook is imported like any agency's file (``kuska import FILE --agency CODE --format screening``, or the
submissions page): one batch naming the file and its SHA-256, validation, rejected rows with their row, column,
value and reason, encryption, the ``intake.import`` event.

Each form is checked (a known questionnaire of the version printed on the form, a form id, the date, an answer
code — ``yes``, ``no`` or ``unknown`` — for every question of the questionnaire, the consent, the age against the
questionnaire's population) and scored by :func:`kuska.screening.scoring.score`, the rule of an online screening.
A **likely victim** becomes the rows an online screening stores (:func:`kuska.screening.outcome.record_screening`):
a person record (role ``victim``), an identification (method ``screening``) and, with the person's consent, a
referral. Their record ids come from the form id (``form-<id>``, ``form-<id>-identification``,
``form-<id>-referral``), so a form imported twice is stored once (the second time: unchanged). A possible victim or a
form with no indicators makes no record, as online; :func:`tally` counts every form by result.

Every form accepted — likely, possible or no indicators alike — is also kept as a
:class:`~kuska.screening.models.Screening`, as an online screening is (:func:`keep_screenings`, intake's last step
for the format): its questionnaire and version, answers, result and indicators, the date on the form, the
agency of the import, the importing user as the one who recorded it, the language the form was printed in
(column ``form_language``; a transcription without it, or a cell left empty, keeps the language unknown), and
its provenance — the batch (file and SHA-256), the sheet and the row. The form number is unique at the agency:
imported again, the screening is *unchanged* (or *updated*, when the transcription was corrected), never kept
twice.

A form refused by these checks is a rejected row naming the workbook's sheet, row, column and value, and none of
its records is stored; a form whose person or referral intake refuses (an unknown region, agency…) is rejected with
its records, as intake refuses a row.

>>> # tally(Path("transcripcion.xlsx"))  # forms read, by result, and refused
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.timezone import localdate
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kuska.i18n import active_language, in_each_language, languages, translated
from kuska.intake.messages import Problem
from kuska.intake.readers import EXTRA, ReadError, RowProblems, Sheet
from kuska.intake.readers.xlsx_reader import read_xlsx
from kuska.intake.schema import header_key
from kuska.intake.submit import SheetReport, StoredFile
from kuska.intake.template import (
    AGENCY_LIST,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    REGION_LIST,
    template_data,
    write_lists,
)
from kuska.intake.values import CellError, parse_date
from kuska.screening.models import Screening
from kuska.screening.outcome import DEFAULT_SERVICE, METHOD
from kuska.screening.questionnaires import Population, Questionnaire, questionnaires
from kuska.screening.scoring import Answer, Assessment, Result, score
from kuska.screening.translations import LANGUAGES

FORMAT = "screening"
RECORD_PREFIX = "form-"

FORM_ID = "form_id"
QUESTIONNAIRE = "questionnaire"
VERSION = "version"
SCREENED_ON = "screened_on"
FORM_LANGUAGE = "form_language"  # the language the form was printed in (es, en, qu, ay)
AGE = "age"
# the person's fields as on the screening page, named as the person record's columns (intake checks their codes)
PERSON_FIELDS = ("sex", "nationality", "language", "region")
CONSENT = "consent_to_referral"
REFERRED_TO = "referred_to"
FORM_COLUMNS = (FORM_ID, QUESTIONNAIRE, VERSION, SCREENED_ON, FORM_LANGUAGE, AGE, *PERSON_FIELDS)
SCREENINGS = (
    "screenings"  # the sheets of the import's summary that count the forms kept as screenings
)
CLOSING_COLUMNS = (CONSENT, REFERRED_TO)
CONSENTS = {"yes": True, "no": False}
_FORM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,39}")
MAX_AGE = 120

_HEADING_FILL = PatternFill("solid", fgColor="D9D9D9")
_QUESTION_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="F4B183")
_WRAP = Alignment(wrap_text=True, vertical="top")
_LAST_ROW = (
    5000  # drop-downs and checks reach this row: far more forms than one workbook is filled with
)

MESSAGES: dict[str, Promise] = {
    "required": _("A required value is missing."),
    "form_id": _(
        "Not a form number: up to 40 letters, digits, dots, hyphens or slashes, starting with a letter or digit."
    ),
    "unknown_questionnaire": _("There is no screening questionnaire with this id ({known})."),
    "version": _(
        "The questionnaire is at version {version}: a form of another version cannot be scored."
    ),
    "bad_date": _("Not a valid date (use dd/mm/yyyy or yyyy-mm-dd)."),
    "form_language": _(
        "Not a language of the forms: use {known} (or leave it empty when the form does not say)."
    ),
    "future_date": _("The date is in the future."),
    "bad_age": _("The age must be a whole number of years from 0 to 120."),
    "child_questionnaire": _("The children's questionnaire is for persons under 18."),
    "adult_questionnaire": _("A person under 18 is screened with the children's questionnaire."),
    "missing_question": _(
        "The sheet has no column for question {question} of the questionnaire: add it and transcribe its answers."
    ),
    "no_answer": _(
        "No answer transcribed: write the code of the box marked (yes, no or unknown; unknown when none was)."
    ),
    "bad_answer": _("Not an answer code: use yes, no or unknown."),
    "bad_consent": _("Use yes or no (no when the box is not marked)."),
    "no_referral_agency": _("A referral needs the agency the person is referred to."),
}


def record_ids(form_id: str) -> tuple[str, str, str]:
    """The record ids of a form's person, identification and referral.

    >>> record_ids("U7-0042")
    ('form-U7-0042', 'form-U7-0042-identification', 'form-U7-0042-referral')
    """
    person = f"{RECORD_PREFIX}{form_id}"
    return person, f"{person}-identification", f"{person}-referral"


def _problem(row: int, column: str, value: object, code: str, **params: object) -> Problem:
    message = MESSAGES[code]
    return Problem(
        row=row,
        column=column,
        value="" if value is None else str(value),
        code=f"screening_{code}",
        messages={lang: text.format(**params) for lang, text in in_each_language(message).items()},
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Form:
    """One transcribed form, checked and scored (``result`` is ``None`` when it is refused)."""

    sheet: str
    row: int
    raw: dict[str, object]
    problems: list[Problem] = field(default_factory=list)
    result: Result | None = None
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    form_id: str = ""
    asked: Questionnaire | None = None
    answers: dict[str, str] = field(default_factory=dict)
    assessment: Assessment | None = None
    screened_on: datetime.date | None = None
    consent: bool = False
    language: str = ""  # the language the form was printed in; empty: not known


def _cells(raw: Mapping[str, object]) -> dict[str, tuple[str, object]]:
    """The row's cells by header key: (the header as written, the value)."""
    return {header_key(header): (header, value) for header, value in raw.items() if header}


def _answers(
    asked: Questionnaire, row: int, cells: dict[str, tuple[str, object]], problems: list[Problem]
) -> dict[str, str]:
    answers: dict[str, str] = {}
    codes = {answer.value for answer in Answer}
    for question in asked.questions:
        cell = cells.get(header_key(question.id))
        if cell is None:
            problems.append(
                _problem(row, question.id, "", "missing_question", question=question.id)
            )
            continue
        header, value = cell
        text = _text(value).lower()
        if not text:
            problems.append(_problem(row, header, "", "no_answer"))
        elif text not in codes:
            problems.append(_problem(row, header, _text(value), "bad_answer"))
        else:
            answers[question.id] = text
    return answers


def check_form(sheet: str, row: int, raw: dict[str, object]) -> Form:
    """One transcribed row checked and, when it holds a whole form, scored, with the rows to store for a likely
    victim (none otherwise)."""
    form = Form(sheet, row, raw)
    problems = form.problems
    cells = _cells(raw)

    def cell(name: str) -> tuple[str, object]:
        return cells.get(header_key(name), (name, None))

    header, value = cell(FORM_ID)
    form_id = _text(value)
    if not form_id:
        problems.append(_problem(row, header, "", "required"))
    elif not _FORM_ID.fullmatch(form_id):
        problems.append(_problem(row, header, form_id, "form_id"))

    header, value = cell(QUESTIONNAIRE)
    known = questionnaires()
    asked = known.get(_text(value))
    if not _text(value):
        problems.append(_problem(row, header, "", "required"))
    elif asked is None:
        problems.append(
            _problem(row, header, _text(value), "unknown_questionnaire", known=", ".join(known))
        )

    header, value = cell(VERSION)
    if asked is not None:
        if not _text(value):
            problems.append(_problem(row, header, "", "required"))
        elif _text(value) != str(asked.version):
            problems.append(_problem(row, header, _text(value), "version", version=asked.version))

    header, value = cell(SCREENED_ON)
    screened_on: datetime.date | None = None
    if not _text(value):
        problems.append(_problem(row, header, "", "required"))
    else:
        try:
            screened_on = parse_date(value)
        except CellError:
            problems.append(_problem(row, header, _text(value), "bad_date"))
        else:
            if screened_on > localdate():
                problems.append(_problem(row, header, _text(value), "future_date"))

    header, value = cell(FORM_LANGUAGE)
    language = _text(value).lower()
    if language and language not in LANGUAGES:
        problems.append(
            _problem(row, header, _text(value), "form_language", known=", ".join(LANGUAGES))
        )

    header, value = cell(AGE)
    age: int | None = None
    if _text(value):
        text = _text(value)
        if text.isascii() and text.isdigit() and int(text) <= MAX_AGE:
            age = int(text)
        else:
            problems.append(_problem(row, header, text, "bad_age"))
    if asked is not None and age is not None:
        if asked.population is Population.CHILD and age >= 18:
            problems.append(_problem(row, header, str(age), "child_questionnaire"))
        if asked.population is Population.ADULT and age < 18:
            problems.append(_problem(row, header, str(age), "adult_questionnaire"))

    header, value = cell(CONSENT)
    consent = CONSENTS.get(_text(value).lower() or "no")
    if consent is None:
        problems.append(_problem(row, header, _text(value), "bad_consent"))
    answers = _answers(asked, row, cells, problems) if asked is not None else {}
    if problems or asked is None or screened_on is None:
        return form

    form.assessment = score(asked, answers)
    form.result = form.assessment.result
    form.form_id, form.asked, form.answers = form_id, asked, answers
    form.screened_on, form.consent, form.language = screened_on, bool(consent), language
    referral_header, referral_value = cell(REFERRED_TO)
    referred_to = _text(referral_value)
    if form.result is Result.LIKELY_VICTIM:
        if consent and not referred_to:
            problems.append(_problem(row, referral_header, "", "no_referral_agency"))
            form.result = None
            return form
        form.rows = _rows(form_id, screened_on, age, cells, consent=bool(consent), to=referred_to)
    return form


def _rows(
    form_id: str,
    screened_on: datetime.date,
    age: int | None,
    cells: dict[str, tuple[str, object]],
    *,
    consent: bool,
    to: str,
) -> dict[str, dict[str, str]]:
    """A likely victim's rows, as :func:`kuska.screening.outcome.record_screening` makes them online."""
    person_id, identification_id, referral_id = record_ids(form_id)
    day = screened_on.isoformat()
    person = {name: _text(cells.get(header_key(name), (name, None))[1]) for name in PERSON_FIELDS}
    rows = {
        "persons": {
            "record_id": person_id,
            "role": "victim",
            "event_date": day,
            "age": "" if age is None else str(age),
            **person,
        },
        "identifications": {
            "record_id": identification_id,
            "person_id": person_id,
            "identified_on": day,
            "method": METHOD,
            "region": person["region"],
        },
    }
    if consent:
        rows["referrals"] = {
            "record_id": referral_id,
            "person_id": person_id,
            "to_agency": to,
            "service_type": DEFAULT_SERVICE,
            "requested_on": day,
        }
    return {name: {k: v for k, v in row.items() if v} for name, row in rows.items()}


def _is_form_sheet(sheet: Sheet) -> bool:
    # an xlsx sheet's record_type is its title; the workbook may have been written in any offered language
    helpers = {
        header_key(translated(title, code))
        for title in (INSTRUCTIONS_SHEET, LISTS_SHEET)
        for code in languages()
    }
    return header_key(sheet.record_type) not in helpers


def read_forms(path: Path, stack: ExitStack) -> Iterator[Form]:
    """Every transcribed form of the workbook, checked and scored, sheet by sheet."""
    for sheet in read_xlsx(path, stack):
        if not _is_form_sheet(sheet):
            continue
        if header_key(FORM_ID) not in {header_key(h) for h in sheet.header}:
            raise ReadError(
                format_lazy(
                    _(
                        "{file}, sheet {sheet}: no {column} column: it is not a transcription of screening "
                        "forms (write one with `kuska screening-form --transcription`)"
                    ),
                    file=path.name,
                    sheet=sheet.record_type,
                    column=FORM_ID,
                )
            )
        for number, raw in sheet.rows:
            yield check_form(sheet.record_type, number, raw)


def read_transcription(path: Path, stack: ExitStack) -> list[Sheet]:
    """The reader of the format ``screening``: per sheet of the workbook, the rows to store — a likely victim's
    person, identification and referral, a refused form as a rejected row (on the persons' sheet) — numbered as in
    the workbook."""
    by_sheet: dict[str, dict[str, list[tuple[int, dict[str, object]]]]] = {}
    headers: dict[str, set[str]] = {}
    forms: dict[str, list[Form]] = {}
    for form in read_forms(path, stack):
        forms.setdefault(form.sheet, []).append(form)
        kinds = by_sheet.setdefault(form.sheet, {"persons": []})
        headers.setdefault(form.sheet, set()).update(str(h) for h in form.raw if h)
        if form.problems:
            refused: dict[str, object] = {**form.raw, EXTRA: RowProblems(tuple(form.problems))}
            kinds["persons"].append((form.row, refused))
            continue
        for kind, row in form.rows.items():
            kinds.setdefault(kind, []).append((form.row, dict(row)))
    sheets = []
    for name, kinds in by_sheet.items():
        for kind, rows in kinds.items():
            header = sorted({h for _number, row in rows for h in row if h != EXTRA})
            sheets.append(
                Sheet(
                    f"{path.name} [{name}]",
                    kind,
                    header if kind != "persons" else [h for h in header if h in _PERSON_HEADERS],
                    iter(rows),
                    size_hint=len(rows),
                    shown_columns=frozenset(
                        h for h in headers[name] if header_key(h) in _known_keys()
                    ),
                    # the sheet's forms, for keep_screenings, with the persons (every sheet of forms has them)
                    parsed=tuple(forms[name]) if kind == "persons" else (),
                )
            )
    return sheets


_PERSON_HEADERS = frozenset({"record_id", "role", "event_date", AGE, *PERSON_FIELDS})


def sheet_name(path: Path, sheet: str) -> str:
    """The name intake knows a sheet of the transcription by (in its summary and its rejected rows)."""
    return f"{path.name} [{sheet}]"


def _kept_values(form: Form) -> dict[str, object]:
    """What a screening keeps of an accepted form (checked and scored by :func:`check_form`)."""
    assert form.asked is not None
    assert form.assessment is not None
    person_id, identification_id, referral_id = record_ids(form.form_id)
    return {
        "screened_on": form.screened_on,
        "questionnaire": form.asked.id,
        "version": form.asked.version,
        "answers": form.answers,
        "result": form.assessment.result.value,
        "indicators": {found.question_id: found.indicator for found in form.assessment.indicators},
        "consent_to_referral": form.consent,
        "person_record_id": person_id if "persons" in form.rows else "",
        "identification_record_id": identification_id if "identifications" in form.rows else "",
        "referral_record_id": referral_id if "referrals" in form.rows else "",
        "language": form.language,
    }


def keep_screenings(stored: StoredFile) -> list[SheetReport]:
    """Intake's last step for a transcription, in the import's transaction: every form it accepted (intake
    rejected none of its rows) kept as a screening of the batch's agency, recorded by the importing user; a form
    number the agency kept before is *unchanged*, or *updated* (with this batch, sheet and row) when its
    transcription changed. One summary sheet per sheet of forms, record type ``screenings``."""
    batch = stored.batch
    reports: dict[str, SheetReport] = {}
    # the forms as the reader checked and scored them (read_transcription), not read from the file again
    forms = [form for form in stored.parsed if isinstance(form, Form)]
    for form in forms:
        name = sheet_name(stored.path, form.sheet)
        if form.problems or form.result is None or (name, form.row) in stored.rejected:
            continue
        report = reports.setdefault(form.sheet, SheetReport(stored.path.name, name, SCREENINGS))
        report.rows_read += 1
        values = _kept_values(form)
        where = {"batch": batch, "form_sheet": form.sheet[:31], "form_row": form.row}
        kept = Screening.objects.filter(agency_id=batch.agency_id, form_id=form.form_id).first()
        if kept is None:
            Screening.objects.create(
                agency_id=batch.agency_id,
                screened_by_id=None if stored.submitted_by is None else stored.submitted_by.pk,
                form_id=form.form_id,
                **values,
                **where,
            )
            report.created += 1
        elif all(getattr(kept, name) == value for name, value in values.items()):
            report.unchanged += 1
        else:
            for attribute, value in {**values, **where}.items():
                setattr(kept, attribute, value)
            kept.save()
            report.updated += 1
    return list(reports.values())


def _known_keys() -> set[str]:
    """The header keys of a transcription's own columns (none of them holds an identity): a rejected form shows
    their values; any other column is masked, as intake masks a column it does not read."""
    names = [*FORM_COLUMNS, *CLOSING_COLUMNS]
    names += [q.id for asked in questionnaires().values() for q in asked.questions]
    return {header_key(name) for name in names}


@dataclass(frozen=True)
class Tally:
    """The forms of one sheet of a transcription: how many were read, their results, how many were refused."""

    sheet: str
    forms: int
    results: dict[Result, int]
    refused: int


def tally(path: Path) -> list[Tally]:
    """Every form of the workbook counted by result (a possible victim and a form with no indicators make no record:
    this is where they are counted)."""
    counts: dict[str, Counter[Result | None]] = {}
    with ExitStack() as stack:
        for form in read_forms(path, stack):
            counts.setdefault(form.sheet, Counter())[None if form.problems else form.result] += 1
    return [
        Tally(
            sheet,
            sum(found.values()),
            {result: found[result] for result in Result},
            found[None],
        )
        for sheet, found in counts.items()
    ]


# --- the transcription workbook -------------------------------------------------------------------------------

_INSTRUCTIONS: tuple[Promise, ...] = (
    _(
        "One sheet per questionnaire; one row per filled-in paper form. Do not write names, dates of birth or "
        "document numbers: the form does not ask for them."
    ),
    _(
        "form_id: the number written in the «Form no.» box. A form sent twice is recorded only once."
    ),
    _("questionnaire and version: those on the form's header (for example adults_labour, 1)."),
    _("screened_on: the date of the interview (dd/mm/yyyy)."),
    _(
        "form_language: the language the form is printed in, as its header says: es (Spanish), en (English), "
        "qu (Quechua) or ay (Aymara). Leave it empty if it is not known: the screening keeps the language "
        "unknown."
    ),
    _(
        "Each question has its column (its code, for example al01): type the code of the box marked: yes, no or "
        "unknown (unknown also when none was marked)."
    ),
    _(
        "consent_to_referral: yes if the person consents to be referred; no (or empty) if not. referred_to: the "
        "code of the agency the person is referred to."
    ),
    _(
        "Kuska scores each form with the same rule as an online screening and keeps it as a screening by whoever "
        "imports the file: a likely victim is also recorded, with their identification and, with consent, "
        "their referral."
    ),
    _(
        "Import the file with: kuska import FILE --agency CODE --format screening, or from the submissions page "
        "choosing the format «screening»."
    ),
)


def build_transcription(agency_code: str, lang: str = "es") -> Workbook:
    """The transcription workbook in a language of :func:`kuska.i18n.whole_languages`: instructions, one sheet per
    questionnaire with a column per question (its text in that language, else Spanish, as the header's comment)
    and drop-downs of the codes each column takes. The column names, the codes and the questionnaires' sheet titles
    are the same in every language: intake reads them back."""
    with translation.override(lang):
        return _transcription(agency_code)


def _transcription(agency_code: str) -> Workbook:
    data = template_data(agency_code)
    workbook = Workbook()
    instructions = workbook.active
    assert instructions is not None
    instructions.title = str(INSTRUCTIONS_SHEET)
    instructions.append([gettext("Kuska – transcription of paper trafficking screening forms")])
    instructions["A1"].font = Font(bold=True, size=14)
    instructions.append([gettext("Agency"), f"{data.agency_code} – {data.agency_name}"])
    instructions.append([])
    for number, text in enumerate((str(paragraph) for paragraph in _INSTRUCTIONS), start=1):
        instructions.append([str(number), text])
        instructions.cell(instructions.max_row, 2).alignment = _WRAP
        instructions.row_dimensions[instructions.max_row].height = 15 * (1 + len(text) // 90)
    instructions.column_dimensions["A"].width = 6
    instructions.column_dimensions["B"].width = 110
    lists = workbook.create_sheet(str(LISTS_SHEET))
    lists.sheet_state = "hidden"
    sources = write_lists(lists, data)
    for asked in questionnaires().values():
        sheet = workbook.create_sheet(asked.id[:31], index=workbook.index(lists))
        _write_form_sheet(sheet, asked, sources)
    workbook.active = 0
    workbook.properties.title = gettext(
        "Kuska – transcription of screening forms – {agency}"
    ).format(agency=data.agency_code)
    workbook.properties.creator = "Kuska"
    return workbook


def _list_validation(formula: str, error: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=gettext("Invalid value"),
        error=error,
    )


def _write_form_sheet(sheet: Worksheet, asked: Questionnaire, sources: dict[str, str]) -> None:
    lang = active_language()
    columns: list[tuple[str, str, DataValidation | None, bool]] = [
        (FORM_ID, gettext("Form number (required)"), None, True),
        (
            QUESTIONNAIRE,
            gettext("Questionnaire: {questionnaire} (required)").format(questionnaire=asked.id),
            _list_validation(f'"{asked.id}"', _type(asked.id)),
            True,
        ),
        (
            VERSION,
            gettext("Form version: {version} (required)").format(version=asked.version),
            _list_validation(f'"{asked.version}"', _type(str(asked.version))),
            True,
        ),
        (SCREENED_ON, gettext("Date of the interview, dd/mm/yyyy (required)"), None, True),
        (
            FORM_LANGUAGE,
            gettext("Language of the printed form: es, en, qu or ay (empty if not known)"),
            _list_validation(f'"{",".join(LANGUAGES)}"', gettext("Type es, en, qu or ay.")),
            False,
        ),
        (AGE, gettext("Age in years"), None, False),
        ("sex", gettext("Sex"), _source(sources, "sex"), False),
        ("nationality", gettext("Nationality"), _source(sources, "nationality"), False),
        ("language", gettext("Mother tongue"), _source(sources, "language"), False),
        (
            "region",
            gettext("Region where the person was identified"),
            _source(sources, REGION_LIST),
            False,
        ),
    ]
    answer = _list_validation('"yes,no,unknown"', gettext("Type yes, no or unknown."))
    for question in asked.questions:
        columns.append(
            (
                question.id,
                gettext("{question} — yes / no / unknown (required)").format(
                    question=question.text_in(lang)
                ),
                answer,
                True,
            )
        )
    columns.append(
        (
            CONSENT,
            gettext("Consents to the referral? yes / no"),
            _list_validation('"yes,no"', gettext("Type yes or no.")),
            False,
        )
    )
    columns.append(
        (
            REFERRED_TO,
            gettext("Agency the person is referred to"),
            _source(sources, AGENCY_LIST),
            False,
        )
    )
    for index, (name, description, validation, required) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(1, index, name)
        cell.font = Font(bold=required)
        cell.fill = _REQUIRED_FILL if required else _QUESTION_FILL
        comment = Comment(description, "Kuska")
        comment.width, comment.height = 320, 120
        cell.comment = comment
        sheet.column_dimensions[letter].width = max(10, len(name) + 3)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{_LAST_ROW}")
    sheet.column_dimensions["A"].number_format = "@"
    sheet.column_dimensions["D"].number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "B2"


def _type(value: str) -> str:
    """The error of a column that takes one value, the value being a code."""
    return gettext("Type {value}.").format(value=value)


def _source(sources: dict[str, str], name: str) -> DataValidation | None:
    source = sources.get(name)
    if source is None:
        return None
    return _list_validation(source, gettext("Choose a value from the list (or type its code)."))


def write_transcription(path: Path, agency_code: str, lang: str = "es") -> None:
    """Write the transcription workbook in a language of :func:`kuska.i18n.whole_languages` (raises
    :class:`~kuska.registry.agencies.UnknownAgencyError`)."""
    from kuska.files import open_private

    workbook = build_transcription(agency_code, lang)
    with open_private(path, "wb") as handle:
        workbook.save(handle)
