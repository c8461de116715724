"""The dashboard's long selects are Django's own markup, written without a template per option."""

from __future__ import annotations

import pytest
from django import forms
from django.test.html import parse_html

from kuska.web.widgets import LongSelect

CHOICES = [
    ("", "Cualquiera"),
    ("PE", "Perú"),
    ("x", 'Un <nombre> & otro "entre comillas"'),
    ("Bandas de edad", [("child", "Niña, niño"), ("adult", "Persona adulta")]),
    ("Otra vez", [("PE", "Perú, de nuevo: no se elige dos veces")]),
]


class Elección(forms.Form):
    django = forms.ChoiceField(choices=CHOICES, required=False)
    larga = forms.ChoiceField(choices=CHOICES, required=False, widget=LongSelect)


@pytest.mark.parametrize("value", ["", "PE", "x", "adult", "código-desconocido"])
def test_a_long_select_is_the_markup_of_djangos_select_whatever_is_chosen(value: str) -> None:
    form = Elección({"django": value, "larga": value})
    form.is_valid()
    django, larga = str(form["django"]), str(form["larga"])
    assert parse_html(
        larga.replace('name="larga"', 'name="django"').replace("id_larga", "id_django")
    ) == parse_html(django)
    assert "<nombre>" not in larga
