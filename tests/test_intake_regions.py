"""Regions are read by ISO code, department code or name; a department code that several regions share (the
capital's department, split in two) names none of them."""

from __future__ import annotations

import pytest

from kuska.intake.context import RegionLookup
from kuska.intake.values import CellError
from kuska.registry.models import Region

REGIONS = [
    Region(
        pk=1,
        code="XX-CAP",
        name_es="Capital",
        name_en="Capital",
        inei_department="07",
        inei_province="01",
    ),
    Region(
        pk=2,
        code="XX-CPR",
        name_es="Provincias de la capital",
        name_en="Capital provinces",
        inei_department="07",
    ),
    Region(pk=3, code="XX-NOR", name_es="Norte", name_en="North", inei_department="03"),
]


@pytest.mark.parametrize(
    ("value", "pk"),
    [("XX-NOR", 3), ("nor", 3), ("03", 3), (3, 3), ("XX-CAP", 1), ("Capital provinces", 2)],
)
def test_a_region_is_read_by_code_department_or_name(value: object, pk: int) -> None:
    assert RegionLookup(REGIONS).resolve(value) == pk


@pytest.mark.parametrize("value", ["07", "7", 7.0])
def test_a_department_code_shared_by_two_regions_is_ambiguous(value: object) -> None:
    with pytest.raises(CellError) as refused:
        RegionLookup(REGIONS).resolve(value)
    assert refused.value.code == "ambiguous_region"
