"""Every problem intake can report, in Spanish and English, for a data officer to act on.

A message never contains the cell's value (it may be a name or a document number): the value is shown beside it,
from the rejected row, only to those allowed to see the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Control characters are never repeated in a problem (PostgreSQL refuses NUL in JSON): each shows as U+FFFD.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("Falta un valor obligatorio.", "A required value is missing."),
    "not_in_code_list": (
        "El valor no está en la lista «{list}» (use el código o la etiqueta en español o inglés).",
        "The value is not in the code list '{list}' (use the code or the Spanish or English label).",
    ),
    "bad_date": (
        "No es una fecha válida (use dd/mm/aaaa o aaaa-mm-dd).",
        "Not a valid date (use dd/mm/yyyy or yyyy-mm-dd).",
    ),
    "bad_datetime": (
        "No es una fecha y hora válida (use dd/mm/aaaa hh:mm o aaaa-mm-ddThh:mm).",
        "Not a valid date and time (use dd/mm/yyyy hh:mm or yyyy-mm-ddThh:mm).",
    ),
    "two_digit_year": (
        "El año debe tener cuatro cifras.",
        "The year must have four digits.",
    ),
    "future_date": ("La fecha está en el futuro.", "The date is in the future."),
    "too_old_date": ("La fecha es anterior a 1900.", "The date is before 1900."),
    "birth_after_event": (
        "La fecha de nacimiento es posterior a la fecha del hecho o de la identificación ({date}).",
        "The birth date is after the date of the event or identification ({date}).",
    ),
    "before_birth": (
        "La fecha es anterior a la fecha de nacimiento registrada de la persona.",
        "The date is before the person's recorded birth date.",
    ),
    "age_out_of_range": (
        "La edad debe estar entre 0 y 120 años (resulta {age}).",
        "The age must be between 0 and 120 years (it comes to {age}).",
    ),
    "age_contradicts_birth_date": (
        "La edad no coincide con la fecha de nacimiento (según ella serían {age} años).",
        "The age does not match the birth date (which gives {age} years).",
    ),
    "bad_integer": ("No es un número entero.", "Not a whole number."),
    "below_minimum": ("El número es menor que {minimum}.", "The number is below {minimum}."),
    "above_maximum": ("El número es mayor que {maximum}.", "The number is above {maximum}."),
    "bad_decimal": ("No es un importe válido.", "Not a valid amount."),
    "bad_boolean": ("Use sí o no.", "Use yes or no."),
    "unknown_region": (
        "No es una región conocida (use el código PE-XXX, el código INEI o el nombre).",
        "Not a known region (use the PE-XXX code, the INEI code or the name).",
    ),
    "ambiguous_region": (
        "«Lima» es ambiguo: use PE-LMA (Lima Metropolitana) o PE-LIM (Lima Provincias).",
        "'Lima' is ambiguous: use PE-LMA (Metropolitan Lima) or PE-LIM (Lima Provincias).",
    ),
    "unknown_agency": ("No es un código de entidad conocido.", "Not a known agency code."),
    "unknown_reference": (
        "No existe un registro «{target}» con ese identificador de esta entidad, ni en este envío ni antes.",
        "No '{target}' record with that id exists for this agency, in this submission or before.",
    ),
    "reference_role": (
        "El registro de persona indicado no tiene el rol «{role}».",
        "The person record referred to does not have the role '{role}'.",
    ),
    "duplicate_record_id": (
        "El identificador de registro se repite en este envío; se conservó su primera aparición.",
        "The record id appears more than once in this submission; its first occurrence was kept.",
    ),
    "unknown_offence": (
        "El artículo no está en el catálogo de delitos.",
        "The article is not in the offence catalogue.",
    ),
    "field_count": (
        "La fila tiene {fields} campos; el encabezado tiene {header}.",
        "The row has {fields} fields; the header has {header}.",
    ),
    "document_without_type": (
        "Hay número de documento pero falta el tipo de documento.",
        "There is a document number but no document type.",
    ),
    "end_before_start": (
        "La fecha es anterior a la fecha de inicio ({start}).",
        "The date is before the start date ({start}).",
    ),
    "too_long": (
        "El texto tiene más de {limit} caracteres.",
        "The text is longer than {limit} characters.",
    ),
    "bad_characters": (
        "La celda tiene caracteres ilegibles (revise la codificación del archivo).",
        "The cell has unreadable characters (check the file's encoding).",
    ),
    "control_characters": (
        "La celda tiene caracteres de control (como NUL) que no pueden guardarse.",
        "The cell holds control characters (such as NUL) that cannot be stored.",
    ),
    "unreadable_row": (
        "La fila no se pudo leer ({reason}).",
        "The row could not be read ({reason}).",
    ),
    "wrong_record_type": (
        "La fila es de otro tipo de registro que el archivo.",
        "The row is of another record type than the file.",
    ),
    "not_a_victim_role": (
        "Solo una víctima puede ser identificada, derivada o atendida.",
        "Only a victim can be identified, referred or served.",
    ),
}


@dataclass(frozen=True)
class Problem:
    """Why a cell or a row was refused: row number, column as written in the file, the value, and the message."""

    row: int
    column: str
    value: str
    code: str
    message_es: str
    message_en: str

    def as_dict(self, *, with_value: bool = True) -> dict[str, object]:
        data: dict[str, object] = {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message_es": self.message_es,
            "message_en": self.message_en,
        }
        if with_value:
            data["value"] = self.value
        return data


def problem(row: int, column: str, value: object, code: str, **params: object) -> Problem:
    """A :class:`Problem` with its messages filled in."""
    spanish, english = MESSAGES[code]
    return Problem(
        row=row,
        column=_CONTROL.sub("\ufffd", column),
        value="" if value is None else _CONTROL.sub("\ufffd", str(value)),
        code=code,
        message_es=spanish.format(**params),
        message_en=english.format(**params),
    )
