"""Admin export and import formats that never hand a spreadsheet a formula.

Organization admins write names, descriptions and phone numbers; the secretariat exports them
and opens the file in a spreadsheet program, which runs a cell starting with `=`, `+`, `-` or
`@` as a formula (`=HYPERLINK(...)`, DDE). On export such a cell gets a leading apostrophe (an
XLSX cell is then plain text, not a formula); on import the apostrophe is taken off again, so
an export re-imports as it was. Use these instead of import_export's `CSV` and `XLSX`.
"""

import tablib
from import_export.formats import base_formats

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def escape_formula(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return ESCAPE + value
    return value


def unescape_formula(value: object) -> object:
    if (
        isinstance(value, str)
        and value.startswith(ESCAPE)
        and value[1:].startswith(FORMULA_PREFIXES)
    ):
        return value[1:]
    return value


def _map_cells(dataset: tablib.Dataset, function) -> tablib.Dataset:
    mapped = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        mapped.append([function(cell) for cell in row])
    return mapped


class _FormulaSafe:
    def export_data(self, dataset, **kwargs):
        return super().export_data(_map_cells(dataset, escape_formula), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        return _map_cells(super().create_dataset(in_stream, **kwargs), unescape_formula)


class CSV(_FormulaSafe, base_formats.CSV):
    pass


class XLSX(_FormulaSafe, base_formats.XLSX):
    pass
