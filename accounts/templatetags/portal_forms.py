"""Bootstrap rendering of Django form fields, without a forms library."""

from django import forms, template
from django.forms.boundfield import BoundField

register = template.Library()

_CHECK_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)
_SELECT_WIDGETS = (forms.Select, forms.SelectMultiple)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_multiple_choice(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)


@register.filter
def widget_class(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, _CHECK_WIDGETS):
        css = "form-check-input"
    elif isinstance(widget, _SELECT_WIDGETS):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    return css


@register.simple_tag
def render_widget(field: BoundField, **extra_attrs) -> str:
    """The field's widget with Bootstrap classes and links to its help and error texts."""
    attrs = {"class": widget_class(field)}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_help")
    if field.errors:
        described_by.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    attrs.update(extra_attrs)
    existing = field.field.widget.attrs.get("class")
    if existing:
        attrs["class"] = f"{existing} {attrs['class']}"
    return field.as_widget(attrs=attrs)
