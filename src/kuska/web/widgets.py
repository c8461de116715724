"""Form widgets of the pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe


class LongSelect(forms.Select):
    """A ``<select>`` with the markup of Django's own, written here from its choices rather than through a context
    and a template per option: the dashboard's filters list some 250 nationalities and every agency, and a page is
    drawn at every click. As Django's, the first option whose value is the field's is the one selected."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        chosen = set(self.format_value(value))
        parts: list[str] = [
            format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))
        ]
        found = False
        for option_value, option_label in self.choices:
            group = isinstance(option_label, (list, tuple))
            if group:
                parts.append(format_html('<optgroup label="{}">', option_value))
            for each_value, label in option_label if group else [(option_value, option_label)]:
                text = "" if each_value is None else str(each_value)
                selected = not found and text in chosen
                found = found or selected
                parts.append(
                    f'<option value="{escape(text)}"{" selected" if selected else ""}>'
                    f"{conditional_escape(label)}</option>"
                )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308  # every value and label escaped
