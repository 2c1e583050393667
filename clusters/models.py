from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from accounts.models import User
from core.fields import foreign_key
from core.uploads import RandomFileName


class TechnologyArea(models.Model):
    """A node of the two-level taxonomy: a top area (no parent) or a sub-area."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Empty for a top area."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("technology area")
        verbose_name_plural = _("technology areas")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.parent.display_name} › {self.display_name}"
        return self.display_name

    @property
    def display_name(self) -> str:
        return gettext(self.name)


class ClusterService(models.TextChoices):
    INCUBATION = "incubation", _("Incubation")
    ACCELERATION = "acceleration", _("Acceleration")
    GOVERNMENT_INCENTIVES = "incentives", _("Government incentives")
    FINANCING = "financing", _("Access to financing")
    INDUSTRIALIZATION = "industrialization", _("Technology industrialization")
    REGULATORY = "regulatory", _("Regulatory support")
    MARKET_ENTRY = "market_entry", _("Market entry support")
    LAB_SPACE = "lab_space", _("Laboratory and office space")
    TALENT = "talent", _("Talent and training")
    NETWORKING = "networking", _("Networking and events")


class Cluster(models.Model):
    name = models.CharField(_("name"), max_length=160, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120)
    region = models.CharField(_("region"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=RandomFileName("clusters/logos"), blank=True)
    description = models.TextField(_("description"), blank=True)
    focus_areas = models.ManyToManyField(
        TechnologyArea, verbose_name=_("focus areas"), blank=True, related_name="clusters"
    )
    services = models.JSONField(
        _("services offered"),
        default=list,
        blank=True,
        help_text=_("Values from the list of cluster services."),
    )
    employees = models.PositiveIntegerField(_("employees in the cluster"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    is_coordinator = models.BooleanField(
        _("coordinator"), default=False, help_text=_("The cluster that coordinates WLSCC.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["-is_coordinator", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_coordinator"],
                condition=models.Q(is_coordinator=True),
                name="one_coordinator_cluster",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def service_labels(self) -> list[str]:
        labels = dict(ClusterService.choices)
        return [labels[value] for value in self.services if value in labels]


class ClusterStaff(models.Model):
    """A person employed by a cluster: edits and verifies that cluster's members."""

    user = foreign_key(User, _("user"), "cluster_staff")
    cluster = foreign_key(Cluster, _("cluster"), "staff")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cluster staff member")
        verbose_name_plural = _("cluster staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "cluster"], name="unique_cluster_staff")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.cluster}"
