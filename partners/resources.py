"""Import and export of organizations and their contacts (django-import-export).

One row per contact: the organization columns repeat on each of its contact rows, and a row
without contact columns imports only the organization. Rows are keyed on the organization's
`slug`; a row without one (or a file without the column) keys on the organization's exact
name, and a new organization gets its slug from the name by the portal's rule (readable ASCII
for names in any script), so importing the same file again updates the organizations and
their contacts instead of duplicating them. A contact is matched on its e-mail address, or on
its name when it has none. A blank `language` is detected from the texts.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django_countries import countries
from import_export import fields, resources, widgets

from clusters.models import Cluster, TechnologyArea
from core.languages import ContentLanguage

from .models import Contact, ContactVisibility, Organization, OrganizationKind, SizeBand
from .services import organization_detect_language, organization_import_slug


def organization_columns(column: str, path: str) -> type[resources.Resource]:
    """Columns for an organization another export reaches by `path` (e.g. an opportunity's
    `organization`): `<column>` its name, `<column>_cluster` its cluster's slug and
    `<column>_country` its country's ISO code. A base class for that export's resource."""
    return type(
        f"{column.title()}Columns",
        (resources.Resource,),
        {
            column: fields.Field(attribute=f"{path}__name"),
            f"{column}_cluster": fields.Field(attribute=f"{path}__cluster__slug"),
            f"{column}_country": fields.Field(attribute=f"{path}__country__code"),
        },
    )


CONTACT_COLUMNS = ("contact_name", "contact_role", "contact_email", "contact_phone")
CONTACT_VISIBILITY_COLUMN = "contact_visibility"


def _contact_column(name: str) -> fields.Field:
    """An export column (`contact_<name>`) with that field of the organization's first contact;
    blank without one. Import reads these columns itself (`_contact_from_row`)."""

    def dehydrate(organization: Organization) -> str:
        # `organization.contacts` is prefetched by the admin's export queryset.
        contacts = list(organization.contacts.all())
        return getattr(contacts[0], name) if contacts else ""

    return fields.Field(column_name=f"contact_{name}", readonly=True, dehydrate_method=dehydrate)


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


class ChoiceWidget(widgets.Widget):
    """Accepts a choice's value or its (English or translated) label, case-insensitively."""

    def __init__(self, choices: Any, *, field_label: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = choices
        self.field_label = field_label

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if _blank(value):
            return ""
        text = str(value).strip().casefold()
        for choice_value, choice_label in self.choices:
            if text in (str(choice_value).casefold(), str(choice_label).casefold()):
                return choice_value
        raise ValueError(
            gettext("“%(value)s” is not a valid %(field)s. Use one of: %(values)s.")
            % {
                "value": value,
                "field": self.field_label,
                "values": ", ".join(str(v) for v, _label in self.choices),
            }
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value or ""


class CountryWidget(widgets.Widget):
    """Accepts an ISO 3166 code (FR) or an English country name (France)."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if _blank(value):
            return ""
        text = str(value).strip()
        if text.upper() in countries:
            return text.upper()
        code = countries.by_name(text, insensitive=True)
        if code:
            return code
        raise ValueError(
            gettext("“%(value)s” is not a country: use a two-letter code such as FR or JP.")
            % {"value": value}
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return str(value.code if hasattr(value, "code") else value or "")


class ClusterWidget(widgets.ForeignKeyWidget):
    """A cluster by slug, short name or name; the ten clusters are loaded once per import."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Cluster, field="slug", **kwargs)
        self._by_key: dict[str, Cluster] | None = None

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Cluster | None:
        if _blank(value):
            return None
        if self._by_key is None:
            self._by_key = {}
            for cluster in Cluster.objects.all():
                for key in (cluster.slug, cluster.short_name, cluster.name):
                    if key:
                        self._by_key.setdefault(key.casefold(), cluster)
        cluster = self._by_key.get(str(value).strip().casefold())
        if cluster is None:
            raise ValueError(
                gettext("Unknown cluster “%(value)s”: use a cluster's slug.") % {"value": value}
            )
        return cluster


class TechnologyAreaWidget(widgets.ManyToManyWidget):
    """Technology area slugs separated by semicolons; an unknown slug is a row error."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(TechnologyArea, separator=";", field="slug", **kwargs)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> QuerySet:
        areas = super().clean(value, row=row, **kwargs)
        if _blank(value):
            return areas
        wanted = {slug.strip() for slug in str(value).split(self.separator) if slug.strip()}
        unknown = wanted - {area.slug for area in areas}
        if unknown:
            raise ValueError(
                gettext("Unknown technology area(s): %(slugs)s.")
                % {"slugs": ", ".join(sorted(unknown))}
            )
        return areas


class OrganizationResource(resources.ModelResource):
    slug = fields.Field(attribute="slug", column_name="slug")
    cluster = fields.Field(attribute="cluster", column_name="cluster", widget=ClusterWidget())
    kind = fields.Field(
        attribute="kind",
        column_name="kind",
        widget=ChoiceWidget(OrganizationKind.choices, field_label=gettext("kind")),
    )
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())
    size_band = fields.Field(
        attribute="size_band",
        column_name="size_band",
        widget=ChoiceWidget(SizeBand.choices, field_label=gettext("size")),
    )
    language = fields.Field(
        attribute="language",
        column_name="language",
        widget=ChoiceWidget(ContentLanguage.choices, field_label=gettext("language")),
    )
    technology_areas = fields.Field(
        attribute="technology_areas",
        column_name="technology_areas",
        widget=TechnologyAreaWidget(),
    )
    is_verified = fields.Field(
        attribute="is_verified", column_name="is_verified", widget=widgets.BooleanWidget()
    )
    contact_name = _contact_column("name")
    contact_role = _contact_column("role")
    contact_email = _contact_column("email")
    contact_phone = _contact_column("phone")
    contact_visibility = _contact_column("visibility")

    class Meta:
        model = Organization
        name = "Organizations and contacts"
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name",
            "cluster",
            "kind",
            "country",
            "city",
            "size_band",
            "founded_year",
            "website",
            "email",
            "phone",
            "description",
            "capabilities",
            "needs",
            "language",
            "technology_areas",
            "is_verified",
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_phone",
            "contact_visibility",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user = kwargs.get("user")
        self._row_contact: tuple[Contact, bool] | None = None

    # --- import -------------------------------------------------------------------------

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        # The slug is the stable key; a file without the column keys on the name.
        if dataset.headers and "slug" not in dataset.headers and "name" in dataset.headers:
            dataset.append_col(lambda row: "", header="slug")
        self.user = kwargs.get("user", self.user)

    def before_import_row(self, row: dict[str, Any], **kwargs: Any) -> None:
        if _blank(row.get("slug")) and not _blank(row.get("name")):
            row["slug"] = organization_import_slug(str(row["name"]).strip())
        elif not _blank(row.get("slug")):
            row["slug"] = str(row["slug"]).strip()

    def import_instance(self, instance: Organization, row: dict[str, Any], **kwargs: Any) -> None:
        home_cluster_id = instance.cluster_id if instance.pk else None
        self._row_contact = None
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if home_cluster_id is not None and instance.cluster_id != home_cluster_id:
            errors.setdefault("slug", []).append(
                ValidationError(
                    gettext(
                        "“%(slug)s” is already the slug of an organization of another "
                        "cluster; give this row its own slug (or move the organization "
                        "in its change page)."
                    )
                    % {"slug": instance.slug}
                )
            )
        if "technology_areas" in row:
            try:
                self.fields["technology_areas"].clean(row)
            except ValueError as exc:
                errors["technology_areas"] = [ValidationError(str(exc))]
        try:
            self._row_contact = self._contact_from_row(instance, row)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                errors[f"contact_{field_name}"] = messages
        if errors:
            raise ValidationError(errors)

    def skip_row(
        self,
        instance: Organization,
        original: Organization,
        row: dict[str, Any],
        import_validation_errors: dict | None = None,
    ) -> bool:
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        return self._row_contact is None or not self._row_contact[1]

    def before_save_instance(
        self, instance: Organization, row: dict[str, Any], **kwargs: Any
    ) -> None:
        if instance.is_verified and instance.verified_at is None:
            instance.verified_at = timezone.now()
            if self.user is not None and self.user.is_authenticated:
                instance.verified_by = self.user
        if not instance.is_verified:
            instance.verified_at = None
            instance.verified_by = None
        organization_detect_language(instance)

    def after_save_instance(
        self, instance: Organization, row: dict[str, Any], **kwargs: Any
    ) -> None:
        if self._row_contact is None:
            return
        contact, changed = self._row_contact
        if changed:
            contact.organization = instance
            contact.save()

    def _contact_from_row(
        self, organization: Organization, row: dict[str, Any]
    ) -> tuple[Contact, bool] | None:
        """The row's contact (matched to an existing one, or new) and whether it changes.

        None if the row has no contact. Raises ValidationError keyed by Contact field.
        """
        values = {column: str(row.get(column) or "").strip() for column in CONTACT_COLUMNS}
        if not any(values.values()):
            return None
        contact = None
        if organization.pk:
            existing = Contact.objects.filter(organization=organization)
            if values["contact_email"]:
                contact = existing.filter(email__iexact=values["contact_email"]).first()
            else:
                contact = existing.filter(name__iexact=values["contact_name"], email="").first()
        if contact is None:
            contact = Contact(organization_id=organization.pk)
        new_values = {
            "name": values["contact_name"],
            "role": values["contact_role"],
            "email": values["contact_email"],
            "phone": values["contact_phone"],
        }
        visibility = str(row.get(CONTACT_VISIBILITY_COLUMN) or "").strip()
        if visibility:
            try:
                new_values["visibility"] = ChoiceWidget(
                    ContactVisibility.choices, field_label=gettext("visibility")
                ).clean(visibility)
            except ValueError as exc:
                raise ValidationError({"visibility": [str(exc)]}) from exc
        changed = contact.pk is None or any(
            getattr(contact, name) != value for name, value in new_values.items()
        )
        for name, value in new_values.items():
            setattr(contact, name, value)
        contact.full_clean(exclude=["organization"])
        return contact, changed


def export_queryset(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    """Everything an export row reads, loaded in a fixed number of queries."""
    return queryset.select_related("cluster").prefetch_related(
        Prefetch("technology_areas", queryset=TechnologyArea.objects.only("id", "slug")),
        Prefetch("contacts", queryset=Contact.objects.order_by("position", "name", "pk")),
    )
