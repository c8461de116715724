"""Reading one cell: dates, numbers, yes/no, code-list values, regions and agencies, as agencies write them.

Each reader returns the clean value or raises :class:`CellError` with a message code from
:mod:`kuska.intake.messages`.

>>> parse_date("05/03/2020"), parse_date("2020-03-05"), parse_date(43895)
(datetime.date(2020, 3, 5), datetime.date(2020, 3, 5), datetime.date(2020, 3, 5))
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from kuska.intake.schema import header_key

EXCEL_EPOCH = datetime.date(1899, 12, 30)
EARLIEST = datetime.date(1900, 1, 1)


class CellError(ValueError):
    """A cell that cannot be read; ``code`` names the message, ``params`` fill it."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2,4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _excel_serial(number: float) -> datetime.date:
    if not 1 <= number < 2958466:
        raise CellError("bad_date")
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def parse_date(value: object, formats: Sequence[str] = ()) -> datetime.date:
    """A date written as dd/mm/yyyy, yyyy-mm-dd (time ignored), an Excel serial number, or a date object."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise CellError("bad_date")
    if isinstance(value, int | float):
        return _excel_serial(float(value))
    text = str(value).strip()
    if (
        len(text) == 10 and text[2] == "/" and text[5] == "/" and not formats
    ):  # dd/mm/yyyy, the usual case
        try:
            return datetime.date(int(text[6:]), int(text[3:5]), int(text[:2]))
        except ValueError:
            pass  # the general reading below explains what is wrong
    for fmt in formats:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    head = re.split(r"[T ]", text, maxsplit=1)[0]
    dmy = _DMY.match(head)
    if dmy and len(dmy.group(3)) != 4:
        raise CellError("two_digit_year")
    try:
        if match := _ISO.match(head):
            year, month, day = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        if dmy:
            day, month, year = (int(g) for g in dmy.groups())
            return datetime.date(year, month, day)
    except ValueError as exc:  # e.g. 31/02/2020
        raise CellError("bad_date") from exc
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _excel_serial(float(text))
    raise CellError("bad_date")


def parse_datetime(value: object, tz: datetime.tzinfo) -> datetime.datetime:
    """A date and time (dd/mm/yyyy hh:mm[:ss], ISO 8601, Excel serial); a date alone means midnight."""
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        day = _excel_serial(float(value))
        moment = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(
            days=float(value) % 1
        )
    else:
        text = str(value).strip()
        moment = _parse_datetime_text(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def _parse_datetime_text(text: str) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise CellError("bad_datetime")


def parse_integer(value: object) -> int:
    """A whole number; ``12.0`` (as spreadsheets store numbers) is 12, ``12.5`` is refused."""
    if isinstance(value, bool):
        raise CellError("bad_integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError("bad_integer")
    text = str(value).strip().replace(" ", "")
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+\.0+", text):
        return int(text.split(".")[0])
    raise CellError("bad_integer")


def parse_decimal(value: object) -> Decimal:
    """An amount: ``1500``, ``1,500.50`` or ``1.500,50`` (the last separator is the decimal one)."""
    if isinstance(value, bool):
        raise CellError("bad_decimal")
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = re.sub(r"[\sS/$]", "", str(value)).replace("S/.", "")
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in text:
        parts = text.split(",")
        text = (
            text.replace(",", "")
            if len(parts[-1]) == 3 and len(parts) > 1
            else text.replace(",", ".")
        )
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise CellError("bad_decimal") from exc
    if not amount.is_finite():
        raise CellError("bad_decimal")
    return amount


_YES = {"si", "s", "yes", "y", "true", "verdadero", "1", "x"}
_NO = {"no", "n", "false", "falso", "0"}


def parse_boolean(value: object) -> bool:
    """Yes or no, in Spanish or English, or 1/0."""
    if isinstance(value, bool):
        return value
    key = header_key(str(value))
    if isinstance(value, float) and value.is_integer():
        key = str(int(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError("bad_boolean")


class CodeLookup:
    """Resolves code-list values written as the code, the Spanish label or the English label.

    >>> sexes = CodeLookup("sex", [("female", "Mujer", "Female"), ("male", "Hombre", "Male")])
    >>> sexes.resolve("MUJER"), sexes.resolve("female")
    ('female', 'female')
    """

    def __init__(
        self,
        list_name: str,
        items: Iterable[tuple[str, str, str]],
        extra: dict[str, str] | None = None,
    ) -> None:
        self.list_name = list_name
        self._map: dict[str, str] = {}
        self._codes: set[str] = set()
        for code, label_es, label_en in items:
            self._codes.add(code)
            for text in (label_en, label_es, code):
                if text:
                    self._map[header_key(text)] = code
        for text, code in (extra or {}).items():
            self._map[header_key(text)] = code

    def resolve(self, value: object) -> str:
        if isinstance(value, str) and value in self._codes:
            return value
        code = self._map.get(header_key(str(value)))
        if code is None:
            raise CellError("not_in_code_list", list=self.list_name)
        return code

    def __contains__(self, code: str) -> bool:
        return header_key(code) in self._map
