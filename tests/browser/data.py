"""A small consortium for the browser tests, built with the factories."""

from dataclasses import dataclass, field

from accounts.models import User
from clusters.models import Cluster, TechnologyArea
from opportunities.models import InterestStatus, Opportunity, OpportunityType
from partners.models import MembershipRole, Organization, OrganizationKind
from tests.accounts.factories import UserFactory, activate_totp, verify_email
from tests.clusters.factories import ClusterFactory, ClusterStaffFactory, TechnologyAreaFactory
from tests.opportunities.factories import ExpressionOfInterestFactory, PublishedOpportunityFactory
from tests.partners.factories import MembershipFactory, OrganizationFactory

CLUSTERS = [
    ("China Medical City", "CMC", "CN", "Taizhou", "32.45500", "119.92300", True),
    ("Bay State Life Sciences", "BSLS", "US", "Boston", "42.36010", "-71.05890", False),
    ("Golden Triangle BioNetwork", "GTB", "GB", "Cambridge", "52.20530", "0.12180", False),
    ("BioRegion Rhein-Neckar", "BRN", "DE", "Heidelberg", "49.39875", "8.67243", False),
    ("Rhône-Alpes Biopôle", "RAB", "FR", "Lyon", "45.76400", "4.83570", False),
    ("Ontario Health Innovation", "OHI", "CA", "Toronto", "43.65320", "-79.38320", False),
    ("Upper Rhine Life Sciences", "URLS", "CH", "Basel", "47.55960", "7.58860", False),
    ("Kansai Bio Innovation", "KBI", "JP", "Osaka", "34.69370", "135.50220", False),
    ("Osong Bio Valley", "OBV", "KR", "Cheongju", "36.64240", "127.48900", False),
    ("Lion City Biomedical Hub", "LCBH", "SG", "Singapore", "1.35210", "103.81980", False),
]
PASSWORD = "correct-horse-battery-staple"  # tests.accounts.factories.DEFAULT_PASSWORD


@dataclass
class Consortium:
    clusters: dict[str, Cluster] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    opportunities: dict[str, Opportunity] = field(default_factory=dict)
    areas: dict[str, TechnologyArea] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    totp_secrets: dict[str, str] = field(default_factory=dict)


def _user(email: str, **kwargs) -> User:
    user = UserFactory(email=email, **kwargs)
    verify_email(user)
    return user


def build_consortium() -> Consortium:
    data = Consortium()
    for name, short, country, city, lat, lng, coordinator in CLUSTERS:
        data.clusters[short] = ClusterFactory(
            name=name,
            short_name=short,
            slug=short.lower(),
            country=country,
            city=city,
            latitude=lat,
            longitude=lng,
            is_coordinator=coordinator,
            description=f"{name} brings together the life-science companies of {city}.",
        )
    diagnostics = TechnologyAreaFactory(name="Diagnostics", slug="browser-diagnostics")
    data.areas["diagnostics"] = diagnostics
    organizations = [
        ("lyon", "RAB", "Lumière Diagnostics", OrganizationKind.COMPANY,
         "Develops a licensable assay for the early detection of sepsis."),
        ("osaka", "KBI", "Osaka Assay Research Group", OrganizationKind.RESEARCH_GROUP,
         "Academic group validating biomarker assays on Japanese cohorts."),
        ("taizhou", "CMC", "Taizhou Biologics CDMO", OrganizationKind.SERVICE_PROVIDER,
         "GMP manufacturing of antibodies for clinical trials in China."),
        ("boston", "BSLS", "Charles River Ventures", OrganizationKind.INVESTOR,
         "Seed investor in diagnostics and digital health."),
        ("basel", "URLS", "Rhine Oncology AG", OrganizationKind.COMPANY,
         "Oncology company looking for Asian partners."),
    ]  # fmt: skip
    for key, cluster, name, kind, description in organizations:
        data.organizations[key] = OrganizationFactory(
            name=name,
            slug=key + "-org",
            kind=kind,
            cluster=data.clusters[cluster],
            city=data.clusters[cluster].city,
            description=description,
            technology_areas=[diagnostics],
        )
    for short, cluster in data.clusters.items():
        OrganizationFactory.create_batch(2, cluster=cluster, description=f"A member of {short}.")

    data.opportunities["assay"] = PublishedOpportunityFactory(
        organization=data.organizations["lyon"],
        type=OpportunityType.TECHNOLOGY_OFFER,
        title="Sepsis assay available for licensing in Asia",
        summary="A validated rapid assay for sepsis, seeking licensees and distributors in Asia.",
        technology_areas=[diagnostics],
    )
    data.opportunities["cdmo"] = PublishedOpportunityFactory(
        organization=data.organizations["taizhou"],
        type=OpportunityType.SERVICE_OFFER,
        title="Antibody manufacturing capacity for phase I trials",
        summary="GMP batches of monoclonal antibodies for first-in-human studies.",
    )
    ExpressionOfInterestFactory(
        opportunity=data.opportunities["assay"],
        organization=data.organizations["osaka"],
        status=InterestStatus.ACCEPTED,
    )

    data.users["lyon_member"] = _user("marie@lumiere.example", first_name="Marie")
    MembershipFactory(
        user=data.users["lyon_member"],
        organization=data.organizations["lyon"],
        role=MembershipRole.ADMIN,
    )
    data.users["osaka_member"] = _user("kenji@osaka-assay.example", first_name="Kenji")
    MembershipFactory(
        user=data.users["osaka_member"],
        organization=data.organizations["osaka"],
        role=MembershipRole.ADMIN,
    )
    data.users["lyon_staff"] = _user("staff@rhone-alpes.example", first_name="Claire")
    ClusterStaffFactory(user=data.users["lyon_staff"], cluster=data.clusters["RAB"])
    data.totp_secrets["lyon_staff"] = activate_totp(data.users["lyon_staff"])
    return data
