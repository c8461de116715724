"""docs/intake.md documents the submission format exactly as the schema defines it, so the two cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kuska.intake.schema import RECORD_TYPES, Column, Kind, RecordType
from kuska.profiles import read_profile

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "intake.md").read_text(encoding="utf-8")


def section(record_type: RecordType) -> str:
    """The part of the document about one record type, from its heading to the next heading."""
    heading = (
        f"### `{record_type.name}` — {record_type.label_in('en')} ({record_type.label_in('es')})\n"
    )
    assert heading in DOC, heading
    return DOC.split(heading, 1)[1].split("\n#", 1)[0]


def table_rows(text: str) -> dict[str, list[str]]:
    """The rows of a Markdown table whose first cell is a column name in backticks, by that name."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = re.match(r"\| `([a-z0-9_]+)` \|", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return rows


def quoted(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


@pytest.mark.parametrize("record_type", RECORD_TYPES.values(), ids=list(RECORD_TYPES))
def test_every_record_type_has_a_section_naming_its_sheets(record_type: RecordType) -> None:
    text = section(record_type).lower()
    for name in (record_type.name, record_type.label_in("es"), *record_type.aliases):
        assert f"`{name.lower()}`" in text, name


@pytest.mark.parametrize("record_type", RECORD_TYPES.values(), ids=list(RECORD_TYPES))
def test_every_column_is_documented_as_the_schema_defines_it(record_type: RecordType) -> None:
    rows = table_rows(section(record_type))
    assert list(rows) == [c.name for c in record_type.columns]
    for column in record_type.columns:
        _, aliases, kind, required, description, code_list = rows[column.name]
        assert quoted(aliases) == [*column.aliases, *column.htcds], column.name
        assert kind.startswith(column.kind.value), column.name
        if column.kind is Kind.REFERENCE:
            assert f"`{column.references}`" in kind, column.name
        assert required == ("yes" if column.required else ""), column.name
        assert column.label_in("es") in description, column.name
        assert column.label_in("en") in description, column.name
        assert quoted(code_list) == ([column.code_list] if column.code_list else []), column.name


def test_every_kind_of_value_is_explained() -> None:
    values = DOC.split("## Writing the values", 1)[1].split("\n## ", 1)[0]
    assert set(table_rows(values)) == {kind.value for kind in Kind}


def columns_with_a_code_list() -> list[Column]:
    return [c for t in RECORD_TYPES.values() for c in t.columns if c.code_list]


def test_every_code_list_of_the_schema_exists_in_the_peru_profile() -> None:
    profile = read_profile("peru")
    for column in columns_with_a_code_list():
        assert profile.code_lists.get(column.code_list), (column.name, column.code_list)


def test_every_code_list_is_listed_with_the_columns_that_use_it() -> None:
    lists = DOC.split("## Code lists", 1)[1].split("\n## ", 1)[0]
    rows = table_rows(lists)
    assert set(rows) == {c.code_list for c in columns_with_a_code_list()}
    for record_type in RECORD_TYPES.values():
        for column in record_type.columns:
            if column.code_list:
                assert f"`{record_type.name}.{column.name}`" in rows[column.code_list][1]


def test_the_load_order_is_the_schema_order() -> None:
    order = DOC.split("Kuska loads a submission in this order", 1)[1].split(".\n", 1)[0]
    names = [t.label_in("en").lower() for t in RECORD_TYPES.values()]
    positions = [order.index(name) for name in names]
    assert positions == sorted(positions)


def test_the_sections_other_documents_point_to_exist() -> None:
    for heading in ("## Mapping files\n", "## What happens to each row", "## Formats accepted"):
        assert heading in DOC
    assert "rows read = accepted + rejected" in DOC
    assert "kuska template --agency" in DOC
