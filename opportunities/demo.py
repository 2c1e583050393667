"""Demo marketplace: 320 opportunities of every type and state, interests and introductions.

Everything goes through the services (events, notifications and matches included), then the
timestamps are spread over the past year so that the marketplace looks lived in. Organizations
that post get a business-development contact person (an account without a password, so nobody
can log in as them); the demo accounts' organizations post and answer too.

Idempotent: a second run finds its opportunities and changes nothing. It draws exactly one
number from the shared generator on every run, so later seeders see the same sequence.
"""

import datetime
import random
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django_countries import countries

from accounts.models import User
from clusters.models import ClusterStaff, TechnologyArea
from partners.models import Membership, MembershipRole, Organization

from . import services
from .models import (
    DEFAULT_VALIDITY,
    CloseReason,
    CollaborationType,
    DevelopmentStage,
    ExpressionOfInterest,
    InterestStatus,
    IPStatus,
    Opportunity,
    OpportunityStatus,
    OpportunityType,
)

TOTAL = 320
ORGANIZATIONS_PER_CLUSTER = 8
DEMO_MARK = "Demo data: this opportunity is fictitious."
POSTER_DOMAIN = "posters.wlscc.example"

# The share of each final state (published dominates: a living marketplace).
STATES = [
    (OpportunityStatus.PUBLISHED, 58),
    (OpportunityStatus.DRAFT, 8),
    (OpportunityStatus.SUBMITTED, 10),
    (OpportunityStatus.CHANGES_REQUESTED, 5),
    (OpportunityStatus.REJECTED, 4),
    (OpportunityStatus.CLOSED, 9),
    (OpportunityStatus.EXPIRED, 6),
]

# Per sub-area: (technology or product, application) pairs a partner would recognise.
SUBJECTS: dict[str, list[tuple[str, str]]] = {
    "small-molecules": [
        ("a selective KRAS G12C inhibitor series", "non-small-cell lung cancer"),
        ("an oral NLRP3 inflammasome inhibitor", "gout and cardiovascular inflammation"),
        ("a brain-penetrant LRRK2 kinase inhibitor", "Parkinson's disease"),
    ],
    "biologics": [
        ("a humanised anti-IL-17A monoclonal antibody", "psoriasis"),
        ("a bispecific T-cell engager platform", "solid tumours"),
        ("a pH-sensitive antibody recycling technology", "longer-acting biologics"),
    ],
    "cell-gene-therapy": [
        ("an allogeneic CAR-NK cell platform", "B-cell lymphoma"),
        ("an AAV capsid with improved liver tropism", "haemophilia B"),
        ("a closed, automated CAR-T manufacturing process", "autologous cell therapies"),
    ],
    "vaccines": [
        ("a thermostable adjuvant formulation", "vaccines without cold chain"),
        ("a mucosal nasal vaccine platform", "respiratory viruses"),
    ],
    "rna-therapeutics": [
        ("a lipid nanoparticle for extrahepatic mRNA delivery", "lung and spleen targets"),
        ("GalNAc-conjugated siRNAs", "hypercholesterolaemia"),
    ],
    "peptides": [
        ("a long-acting GLP-1/GIP dual agonist peptide", "obesity and type 2 diabetes"),
        ("stapled peptides against intracellular targets", "oncology"),
    ],
    "drug-delivery": [
        ("a microneedle patch for transdermal delivery", "insulin and vaccines"),
        ("an in-situ forming depot", "monthly antipsychotic injections"),
    ],
    "diagnostics-ivd": [
        ("an ELISA detecting sepsis 24 hours before symptoms", "intensive care units"),
        ("a multiplex PCR panel for antimicrobial resistance genes", "hospital laboratories"),
        ("a methylation-based liquid biopsy", "early colorectal cancer screening"),
    ],
    "medical-imaging": [
        ("AI-assisted low-dose CT reconstruction", "lung cancer screening"),
        ("a handheld photoacoustic imaging probe", "breast lesion assessment"),
    ],
    "implants": [
        ("a bioresorbable magnesium bone screw", "orthopaedic trauma"),
        ("a drug-eluting ureteral stent", "post-operative urology"),
    ],
    "surgical-robotics": [
        ("a flexible robotic endoscope", "transoral surgery"),
        ("haptic feedback for laparoscopic instruments", "minimally invasive surgery"),
    ],
    "wearables": [
        ("a cuffless blood-pressure wristband", "hypertension management"),
        ("a continuous lactate sensor patch", "sepsis and sports medicine"),
    ],
    "point-of-care": [
        ("a 15-minute troponin point-of-care test", "emergency departments"),
        ("a smartphone-read lateral flow reader", "primary care"),
    ],
    "ai-ml": [
        ("a deep-learning model for diabetic retinopathy grading", "primary care screening"),
        ("a generative chemistry engine", "hit-to-lead optimisation"),
    ],
    "telemedicine": [
        ("a remote cardiac rehabilitation platform", "post-infarction patients"),
        ("a tele-dermatology triage service", "rural clinics"),
    ],
    "health-data": [
        ("an HL7 FHIR interoperability gateway", "hospital data exchange"),
        ("a federated real-world-evidence network", "post-marketing studies"),
    ],
    "digital-therapeutics": [
        ("a CBT-based app for insomnia", "prescription digital therapy"),
        ("a gamified amblyopia treatment", "paediatric ophthalmology"),
    ],
    "bioinformatics": [
        ("a variant-interpretation pipeline", "rare-disease diagnosis"),
        ("single-cell analysis software", "tumour microenvironment studies"),
    ],
    "cro": [
        ("GLP toxicology and safety pharmacology", "IND-enabling packages"),
        ("patient-derived xenograft models", "oncology efficacy studies"),
    ],
    "cdmo": [
        ("GMP monoclonal antibody manufacturing at 2,000 L", "phase II–III supply"),
        ("aseptic fill-finish of vials and syringes", "biologics and vaccines"),
    ],
    "regulatory-affairs": [
        ("regulatory dossiers for NMPA submission", "market entry into China"),
        ("EU MDR technical documentation", "class II and III devices"),
    ],
    "clinical-trials": [
        ("a site network in East Asia", "phase II oncology trials"),
        ("decentralised trial services", "cardiometabolic studies"),
    ],
    "quality-gmp": [
        ("GMP audit and qualification services", "API suppliers"),
        ("data-integrity remediation", "QC laboratories"),
    ],
    "genomics": [
        ("long-read sequencing services", "structural variant discovery"),
        ("a CRISPR screening library", "target identification"),
    ],
    "proteomics": [
        ("a high-throughput plasma proteomics platform", "biomarker discovery"),
    ],
    "lab-automation": [
        ("a modular liquid-handling robot", "cell-based assays"),
    ],
    "bioprocessing": [
        ("a perfusion bioreactor control system", "continuous biomanufacturing"),
        ("a single-use chromatography column", "viral vector purification"),
    ],
    "reagents-assays": [
        ("recombinant growth factors, animal-free", "cell-therapy media"),
        ("an organoid-based toxicity assay", "drug-induced liver injury"),
    ],
    "animal-health": [
        ("a vaccine against African swine fever", "pig farming"),
        ("a rapid mastitis test", "dairy herds"),
    ],
    "food-nutrition": [
        ("a precision-fermented human milk oligosaccharide", "infant nutrition"),
    ],
    "microbiome": [
        ("a defined bacterial consortium", "recurrent C. difficile infection"),
        ("microbiome profiling services", "clinical nutrition studies"),
    ],
    "tcm-formulations": [
        ("a standardised Astragalus extract", "chemotherapy-induced fatigue"),
        ("a modernised TCM granule formulation", "functional dyspepsia"),
    ],
    "tcm-quality": [
        ("HPLC fingerprinting for herbal materials", "TCM quality control"),
    ],
    "precision-medicine": [
        ("a pharmacogenomic testing panel", "antidepressant prescribing"),
    ],
    "elderly-care": [
        ("a fall-detection radar sensor", "nursing homes"),
    ],
    "nutraceuticals": [
        ("a clinically tested curcumin formulation", "joint health"),
    ],
    "cosmeceuticals": [
        ("a biotech-derived collagen peptide", "skin ageing"),
    ],
}
GENERIC = [("a validated platform technology", "unmet clinical needs")]

STAGE_TRL = {
    DevelopmentStage.IDEA: (2, 3),
    DevelopmentStage.PRECLINICAL: (3, 5),
    DevelopmentStage.CLINICAL_1: (5, 6),
    DevelopmentStage.CLINICAL_2: (6, 7),
    DevelopmentStage.CLINICAL_3: (7, 8),
    DevelopmentStage.APPROVED: (8, 9),
}
EVIDENCE = [
    "Proof of concept is established in two animal models.",
    "Performance was validated on 400 retrospective patient samples.",
    "A first-in-human study completed with a clean safety profile.",
    "The process runs at pilot scale with reproducible yields.",
    "Independent benchmarking shows a twofold improvement over the standard of care.",
    "CE marking is obtained; FDA 510(k) is in preparation.",
]
COLLABORATION_FOR_TYPE = {
    OpportunityType.TECHNOLOGY_OFFER: [CollaborationType.LICENCE, CollaborationType.CO_DEVELOPMENT],
    OpportunityType.TECHNOLOGY_REQUEST: [
        CollaborationType.LICENCE,
        CollaborationType.RESEARCH_AGREEMENT,
        CollaborationType.ACQUISITION,
    ],
    OpportunityType.PARTNERSHIP: [
        CollaborationType.CO_DEVELOPMENT,
        CollaborationType.JOINT_VENTURE,
        CollaborationType.RESEARCH_AGREEMENT,
    ],
    OpportunityType.INVESTMENT_SOUGHT: [CollaborationType.INVESTMENT],
    OpportunityType.INVESTMENT_OFFERED: [
        CollaborationType.INVESTMENT,
        CollaborationType.ACQUISITION,
    ],
    OpportunityType.SERVICE_OFFER: [
        CollaborationType.MANUFACTURING,
        CollaborationType.RESEARCH_AGREEMENT,
    ],
    OpportunityType.SERVICE_REQUEST: [
        CollaborationType.MANUFACTURING,
        CollaborationType.RESEARCH_AGREEMENT,
    ],
    OpportunityType.MARKET_ENTRY: [CollaborationType.DISTRIBUTION, CollaborationType.JOINT_VENTURE],
}
PARTNER_KINDS_FOR_TYPE = {
    OpportunityType.TECHNOLOGY_OFFER: ["company", "investor"],
    OpportunityType.TECHNOLOGY_REQUEST: ["research_group", "university", "company"],
    OpportunityType.PARTNERSHIP: ["company", "research_group", "hospital"],
    OpportunityType.INVESTMENT_SOUGHT: ["investor"],
    OpportunityType.INVESTMENT_OFFERED: ["company"],
    OpportunityType.SERVICE_OFFER: ["company", "research_group"],
    OpportunityType.SERVICE_REQUEST: ["service_provider"],
    OpportunityType.MARKET_ENTRY: ["company", "service_provider"],
}
DETAILS = {
    OpportunityType.TECHNOLOGY_OFFER: [
        "What we offer: {tech}, with the data package, know-how transfer and support during "
        "scale-up. Exclusive or field-limited licences for {where} are possible.",
        "Why it matters: current approaches to {use} are slow or costly; {tech} addresses both. "
        "Freedom-to-operate analysis is available.",
    ],
    OpportunityType.TECHNOLOGY_REQUEST: [
        "What we need: {tech} that can be integrated within 12 months. We fund the evaluation "
        "and can offer milestone-based licence terms.",
        "Context: our {use} programme enters the next phase; we prefer partners who can "
        "support regulatory work in {where}.",
    ],
    OpportunityType.PARTNERSHIP: [
        "The partnership: shared development costs, joint steering committee, and territories "
        "split between the partners ({where} for the partner).",
        "What we bring: the platform, the preclinical data and the team. What we seek: "
        "clinical development experience for {use}.",
    ],
    OpportunityType.INVESTMENT_SOUGHT: [
        "Use of funds: complete the next development milestone for {use}, expand the team and "
        "prepare partnering discussions in {where}.",
        "Traction: two pilot customers, a granted core patent and a board with industry "
        "experience. The round is partly committed.",
    ],
    OpportunityType.INVESTMENT_OFFERED: [
        "What we look for: a product with human data or a clear path to it, a team ready to "
        "expand internationally, and a plan for {where}.",
        "Beyond capital: access to our network of pharma partners, regulatory advisers and "
        "the consortium's clusters.",
    ],
    OpportunityType.SERVICE_OFFER: [
        "Our service: {tech}, run under ISO 9001 and GxP where required, with dedicated "
        "project managers for clients from {where}.",
        "Track record: more than 40 programmes in {use} delivered for biotech and pharma "
        "clients over the last five years.",
    ],
    OpportunityType.SERVICE_REQUEST: [
        "Scope: {tech} for {use}, with a first work package in the next quarter and a framework "
        "agreement to follow.",
        "Requirements: documented quality system, experience with international clients and "
        "capacity to start within three months.",
    ],
    OpportunityType.MARKET_ENTRY: [
        "The product: {tech}, in routine use at home for {use}. We seek a partner who handles "
        "registration, distribution and after-sales in {where}.",
        "The offer: exclusive distribution rights for {where}, marketing support and training "
        "for the partner's team.",
    ],
}
NEXT_STEPS = [
    "Next step: a call with our business-development team; a non-confidential presentation is "
    "available, the full data package under a confidentiality agreement.",
    "We will meet interested partners at the consortium's next partnering event, or online "
    "before then.",
    "We answer every expression of interest within two weeks.",
]
ALTERNATIVE_TITLES = {
    OpportunityType.TECHNOLOGY_OFFER: "Licence or co-development: {tech}",
    OpportunityType.TECHNOLOGY_REQUEST: "In-licensing wanted: {tech} for {use}",
    OpportunityType.PARTNERSHIP: "Partner wanted to develop {tech} for {use}",
    OpportunityType.SERVICE_OFFER: "{tech}: contract services for {use}",
    OpportunityType.SERVICE_REQUEST: "Request for proposals: {tech}",
    OpportunityType.MARKET_ENTRY: "Market entry into {where}: {tech}",
}
# Areas whose subjects are services: used by the service types, not by technology offers.
SERVICE_AREAS = {"cro", "cdmo", "regulatory-affairs", "clinical-trials", "quality-gmp"}
SERVICE_TYPES = {OpportunityType.SERVICE_OFFER, OpportunityType.SERVICE_REQUEST}
INTEREST_MESSAGES = [
    "We run a similar programme and would like to evaluate a licence. Could we see the data "
    "package under CDA?",
    "Our group has the animal models to validate this. We propose a joint research agreement.",
    "We distribute diagnostics in our country and would like to discuss an exclusive agreement.",
    "Our fund invests in this area at seed and Series A. We would welcome a first call.",
    "We have GMP capacity available from next quarter and can share a proposal.",
    "This matches our pipeline needs. Could we schedule a call with your business development?",
]
REPLIES_ACCEPT = ["Happy to talk — our BD lead will reach out.", "Yes, let us set up a call.", ""]
REPLIES_DECLINE = ["Thank you, we have already found a partner.", "Not a fit for us right now."]


@dataclass
class _Poster:
    organization: Organization
    author: User


def _subject(rng: random.Random, area: TechnologyArea) -> tuple[str, str]:
    return rng.choice(SUBJECTS.get(area.slug, GENERIC))


def _country_names(codes: list[str]) -> str:
    names = [countries.name(code) for code in codes]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def _content(
    rng: random.Random, kind: str, area: TechnologyArea, organization: Organization, markets
) -> dict[str, str]:
    tech, use = _subject(rng, area)
    where = _country_names(markets)
    evidence = rng.choice(EVIDENCE)
    series = rng.choice(["Seed", "Series A", "Series B"])
    amount = rng.choice(["EUR 3 million", "USD 8 million", "USD 15 million", "CHF 5 million"])
    titles = {
        OpportunityType.TECHNOLOGY_OFFER: (
            f"Licensable {tech} for {use}",
            f"We offer {tech} for {use}. {evidence} We seek licensees or co-development "
            f"partners in {where}.",
        ),
        OpportunityType.TECHNOLOGY_REQUEST: (
            f"Seeking {tech} for {use}",
            f"We are looking for {tech} to strengthen our {use} programme. Open to an in-licence, "
            f"a research agreement or an acquisition, preferably with partners in {where}.",
        ),
        OpportunityType.PARTNERSHIP: (
            f"Co-development partner for {tech}",
            f"We develop {tech} for {use} and seek a partner to co-develop it to the clinic. "
            f"{evidence} We bring the science; we seek development and market know-how in {where}.",
        ),
        OpportunityType.INVESTMENT_SOUGHT: (
            f"{series} round: {tech}",
            f"We raise {amount} ({series}) to take {tech} for {use} to the next milestone. "
            f"{evidence} Looking for lead and co-investors, ideally with a presence in {where}.",
        ),
        OpportunityType.INVESTMENT_OFFERED: (
            f"{series} investment for {area.display_name.lower()} ventures",
            f"Our fund invests {amount} tickets at {series} in {area.display_name.lower()} "
            f"companies, e.g. {tech}. We seek founders with cross-border ambitions in {where}.",
        ),
        OpportunityType.SERVICE_OFFER: (
            f"Capacity available: {tech}",
            f"We offer {tech} for {use}, with quality systems audited by international clients. "
            f"Short lead times for partners from {where}.",
        ),
        OpportunityType.SERVICE_REQUEST: (
            f"Looking for a provider: {tech}",
            f"We need {tech} for our {use} programme within the next six months. Providers from "
            f"{where} with relevant track record are welcome to express interest.",
        ),
        OpportunityType.MARKET_ENTRY: (
            f"Distribution partner for {tech} in {where}",
            f"Our {tech} for {use} is on the market at home. {evidence} We seek distributors "
            f"or joint-venture partners to enter {where}.",
        ),
    }
    title, summary = titles[kind]
    if kind in ALTERNATIVE_TITLES and rng.random() < 0.5:
        title = ALTERNATIVE_TITLES[kind].format(tech=tech, use=use, where=where)
    title = title[:1].upper() + title[1:]
    place = ", ".join(part for part in (organization.city, organization.country.name) if part)
    description = "\n\n".join(
        [
            f"Who we are: a {organization.get_kind_display().lower()} in {place}, "
            f"active in {area.display_name.lower()}.",
            rng.choice(DETAILS[kind]).format(tech=tech, use=use, where=where),
            rng.choice(NEXT_STEPS),
            DEMO_MARK,
        ]
    )
    return {"title": title[:120], "summary": summary[:500], "description": description}


def _poster(organization: Organization, members: dict[int, User], created: list) -> _Poster:
    """A member who posts for the organization: an existing one, or a new BD contact."""
    from accounts.services import user_create
    from matching.models import Delivery, NotificationKind
    from matching.services import notification_preferences_update
    from partners.services import membership_add

    author = members.get(organization.pk)
    if author is None:
        email = f"bd-{organization.slug[:60]}@{POSTER_DOMAIN}"
        author = User.objects.filter(email=email).first() or user_create(
            email=email,
            password=None,
            first_name="Business",
            last_name="Development",
            job_title=f"Business development, {organization.name}"[:120],
        )
        membership_add(organization=organization, user=author, role=MembershipRole.ADMIN)
        # Nobody reads these inboxes: in-app notifications only, no e-mail.
        notification_preferences_update(
            user=author, deliveries=dict.fromkeys(NotificationKind.values, Delivery.OFF)
        )
        created.append(author)
    return _Poster(organization=organization, author=author)


def _participants(rng: random.Random, created: list) -> list[_Poster]:
    organizations = (
        Organization.objects.filter(is_active=True, is_verified=True)
        .select_related("cluster")
        .order_by("cluster__slug", "name")
    )
    by_cluster: dict[int, list[Organization]] = {}
    for organization in organizations:
        by_cluster.setdefault(organization.cluster_id, []).append(organization)
    members: dict[int, User] = {}
    for membership in Membership.objects.select_related("user").order_by("role", "user__email"):
        members.setdefault(membership.organization_id, membership.user)
    posters = []
    for cluster_organizations in by_cluster.values():
        # The demo accounts' organizations first, then a few more of the cluster.
        with_members = [o for o in cluster_organizations if o.pk in members]
        others = [o for o in cluster_organizations if o.pk not in members]
        chosen = with_members + rng.sample(
            others, k=min(len(others), max(0, ORGANIZATIONS_PER_CLUSTER - len(with_members)))
        )
        posters.extend(_poster(organization, members, created) for organization in chosen)
    return posters


def _moderators() -> tuple[dict[int, User], User | None]:
    staff: dict[int, User] = {}
    for row in ClusterStaff.objects.select_related("user").order_by("pk"):
        staff.setdefault(row.cluster_id, row.user)
    admin = User.objects.filter(Q(is_superuser=True) | Q(is_staff=True), is_active=True).first()
    return staff, admin


def _weighted_states(rng: random.Random) -> list[str]:
    states = [state for state, weight in STATES for _ in range(weight)]
    return [rng.choice(states) for _ in range(TOTAL)]


def seed(*, rng: random.Random) -> str:
    local = random.Random(rng.randrange(2**32))
    if Opportunity.objects.filter(description__endswith=DEMO_MARK).exists():
        return "demo opportunities already there"
    new_accounts: list[User] = []
    posters = _participants(local, new_accounts)
    if len(posters) < 2:
        return "no organizations to post for (seed the directory first)"
    staff, admin = _moderators()
    sub_areas = list(TechnologyArea.objects.exclude(parent=None).select_related("parent"))
    by_slug = {area.slug: area for area in sub_areas}
    preferred = [by_slug[slug] for slug in SUBJECTS if slug in by_slug]
    cluster_countries = sorted({p.organization.country.code for p in posters})
    now = timezone.now()
    today = timezone.localdate()
    types = list(OpportunityType.values)
    counts = {"opportunities": 0, "interests": 0, "introductions": 0}

    for index, state in enumerate(_weighted_states(local)):
        # Every type appears: the first rounds cycle through them, the rest is random.
        kind = types[index % len(types)] if index < 4 * len(types) else local.choice(types)
        poster = posters[index % len(posters)] if index < len(posters) else local.choice(posters)
        organization = poster.organization
        fitting = [a for a in preferred if (a.slug in SERVICE_AREAS) == (kind in SERVICE_TYPES)]
        area = local.choice(fitting if local.random() < 0.85 else preferred)
        areas = {area}
        if local.random() < 0.4:
            areas.add(local.choice(sub_areas))
        foreign = [c for c in cluster_countries if c != organization.country.code]
        markets = local.sample(foreign, k=min(len(foreign), local.randint(1, 3))) or ["US"]
        stage = local.choice(list(DevelopmentStage.values))
        low, high = STAGE_TRL[stage]
        data = {
            "type": kind,
            **_content(local, kind, area, organization, markets),
            "technology_areas": list(areas),
            "stage": stage if local.random() < 0.9 else "",
            "trl": local.randint(low, high) if local.random() < 0.8 else None,
            "ip_status": local.choice(list(IPStatus.values)) if local.random() < 0.85 else "",
            "collaboration_types": local.sample(
                COLLABORATION_FOR_TYPE[kind], k=local.randint(1, len(COLLABORATION_FOR_TYPE[kind]))
            ),
            "partner_kinds": PARTNER_KINDS_FOR_TYPE[kind][: local.randint(1, 2)],
            "target_countries": markets,
            "is_anonymous": local.random() < 0.15,
        }
        author = poster.author
        opportunity = services.opportunity_create(
            actor=author, organization=organization, data=data
        )
        counts["opportunities"] += 1
        # Expired ones were published over a year ago; the others within the last year.
        age = (
            local.randint(380, 430) if state == OpportunityStatus.EXPIRED else local.randint(3, 330)
        )
        created_at = now - datetime.timedelta(days=age, hours=local.randint(0, 20))
        timestamps = {"created_at": created_at}
        if state == OpportunityStatus.DRAFT:
            Opportunity.objects.filter(pk=opportunity.pk).update(**timestamps)
            continue
        services.opportunity_submit(actor=author, opportunity=opportunity)
        submitted_at = created_at + datetime.timedelta(hours=local.randint(1, 48))
        timestamps["submitted_at"] = submitted_at
        moderator = staff.get(organization.cluster_id) or admin
        if state == OpportunityStatus.SUBMITTED or moderator is None:
            # Waiting for review: recently submitted, so the queue shows real waiting times.
            timestamps["submitted_at"] = now - datetime.timedelta(hours=local.randint(2, 200))
            Opportunity.objects.filter(pk=opportunity.pk).update(**timestamps)
            continue
        if state == OpportunityStatus.CHANGES_REQUESTED:
            services.opportunity_request_changes(
                actor=moderator,
                opportunity=opportunity,
                comment="Please add the development stage data and the IP status, and say "
                "which partners you seek.",
            )
            Opportunity.objects.filter(pk=opportunity.pk).update(**timestamps)
            continue
        if state == OpportunityStatus.REJECTED:
            services.opportunity_reject(
                actor=moderator,
                opportunity=opportunity,
                reason="This is a general company presentation, not a concrete opportunity.",
            )
            Opportunity.objects.filter(pk=opportunity.pk).update(**timestamps)
            continue
        services.opportunity_publish(actor=moderator, opportunity=opportunity)
        published_at = submitted_at + datetime.timedelta(days=local.randint(0, 4))
        expires_on = published_at.date() + DEFAULT_VALIDITY
        if state == OpportunityStatus.PUBLISHED and local.random() < 0.1:
            expires_on = today + datetime.timedelta(days=local.randint(1, 20))  # closing soon
        timestamps.update(published_at=published_at, expires_on=expires_on)

        others = [p for p in posters if p.organization.pk != organization.pk]
        if local.random() < 0.55:
            for interested in local.sample(others, k=min(len(others), local.randint(1, 3))):
                interest = services.interest_express(
                    actor=interested.author,
                    opportunity=opportunity,
                    organization=interested.organization,
                    message=local.choice(INTEREST_MESSAGES),
                )
                counts["interests"] += 1
                sent_at = published_at + datetime.timedelta(days=local.randint(1, 40))
                sent_at = min(sent_at, now - datetime.timedelta(hours=1))
                roll = local.random()
                if roll < 0.4:
                    services.interest_accept(
                        actor=author, interest=interest, reply=local.choice(REPLIES_ACCEPT)
                    )
                    counts["introductions"] += 1
                elif roll < 0.6:
                    services.interest_decline(
                        actor=author, interest=interest, reply=local.choice(REPLIES_DECLINE)
                    )
                answered_at = min(sent_at + datetime.timedelta(days=local.randint(1, 10)), now)
                if (
                    interest.status == InterestStatus.PENDING
                    and state == OpportunityStatus.PUBLISHED
                ):
                    # Mostly recent, some waiting for over 14 days (flagged on the dashboards).
                    recent = now - datetime.timedelta(days=local.randint(1, 25))
                    sent_at = max(recent, published_at + datetime.timedelta(hours=1))
                ExpressionOfInterest.objects.filter(pk=interest.pk).update(
                    created_at=sent_at,
                    answered_at=answered_at if interest.status != InterestStatus.PENDING else None,
                )

        if state == OpportunityStatus.CLOSED:
            services.opportunity_close(
                actor=author,
                opportunity=opportunity,
                reason=local.choice(list(CloseReason.values)),
            )
            timestamps["closed_at"] = min(published_at + datetime.timedelta(days=90), now)
        elif state == OpportunityStatus.EXPIRED:
            services.opportunity_expire(opportunity=opportunity)
        Opportunity.objects.filter(pk=opportunity.pk).update(**timestamps)

    return (
        f"{counts['opportunities']} opportunities, {counts['interests']} expressions of interest, "
        f"{counts['introductions']} introductions; {len(new_accounts)} business-development "
        f"contacts (no password) for {len(posters)} posting organizations"
    )
