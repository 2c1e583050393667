"""Demo organizations: sixteen per cluster, every kind in every cluster, through the services.

Names, places and texts are generated from the passed `random.Random`, so the same seed always
gives the same directory. Organizations whose slug already exists are left alone (staff may
have edited them since the first run), which makes a second run change nothing.
"""

import random
from dataclasses import dataclass

from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from clusters.models import Cluster, TechnologyArea

from .models import Contact, ContactVisibility, Organization, OrganizationKind, SizeBand
from .services import organization_create

# Kinds per cluster: 16 organizations, every kind represented.
KIND_MIX = [
    OrganizationKind.COMPANY,
    OrganizationKind.COMPANY,
    OrganizationKind.COMPANY,
    OrganizationKind.COMPANY,
    OrganizationKind.COMPANY,
    OrganizationKind.COMPANY,
    OrganizationKind.RESEARCH_GROUP,
    OrganizationKind.RESEARCH_GROUP,
    OrganizationKind.UNIVERSITY,
    OrganizationKind.HOSPITAL,
    OrganizationKind.HOSPITAL,
    OrganizationKind.INVESTOR,
    OrganizationKind.SERVICE_PROVIDER,
    OrganizationKind.SERVICE_PROVIDER,
    OrganizationKind.SERVICE_PROVIDER,
    OrganizationKind.PUBLIC_AGENCY,
]


@dataclass(frozen=True)
class Locale:
    cities: list[str]
    company_words: list[str]
    company_suffix: str
    university: list[str]
    hospital: list[str]
    agency: list[str]
    people: list[str]
    phone_prefix: str
    domain: str


LOCALES: dict[str, Locale] = {
    "china-medical-city": Locale(
        cities=["泰州 Taizhou", "南京 Nanjing", "苏州 Suzhou", "上海 Shanghai", "泰州 Taizhou"],
        company_words=[
            "Kangyuan",
            "Huaxin",
            "Tianhe",
            "Yangtze",
            "Jiangsu Hengrui",
            "Zhongke",
            "Baiyun",
            "Xinhua",
            "Ruikang",
            "Haixing",
        ],
        company_suffix="Co., Ltd.",
        university=["Taizhou Institute of Biomedicine", "Jiangsu Medical University"],
        hospital=["Taizhou People's Hospital", "Jiangsu Provincial Traditional Medicine Hospital"],
        agency=["Taizhou Medical High-tech Zone Administration"],
        people=[
            "Wang Fang 王芳",
            "Li Wei 李伟",
            "Zhang Min 张敏",
            "Chen Jie 陈杰",
            "Liu Yang 刘洋",
            "Zhao Lei 赵磊",
            "Huang Ying 黄莹",
            "Zhou Tao 周涛",
        ],
        phone_prefix="+86 523",
        domain="cn",
    ),
    "boston-bay-life-sciences": Locale(
        cities=["Boston", "Cambridge, MA", "Worcester", "Woburn", "Lexington"],
        company_words=[
            "Beacon",
            "Harborview",
            "Charles River",
            "Kendall",
            "Minuteman",
            "Longwood",
            "Back Bay",
            "Seaport",
            "Fenway",
            "Bunker Hill",
        ],
        company_suffix="Inc.",
        university=["Commonwealth Institute of Technology", "Bay State University"],
        hospital=["Longwood General Hospital", "Boston Children's Research Hospital"],
        agency=["Massachusetts Life Sciences Fund"],
        people=[
            "Emily Carter",
            "Michael Nguyen",
            "Sarah O'Brien",
            "David Goldberg",
            "Jessica Alvarez",
            "Ryan Patel",
            "Laura Kim",
            "James Sullivan",
        ],
        phone_prefix="+1 617",
        domain="com",
    ),
    "cambridge-oxford-bionetwork": Locale(
        cities=["Cambridge", "Oxford", "London", "Stevenage", "Milton Park"],
        company_words=[
            "Granta",
            "Isis",
            "Fenland",
            "Cherwell",
            "Babraham",
            "Thames",
            "Chiltern",
            "Cotswold",
            "Wellcome Road",
            "Hinxton",
        ],
        company_suffix="Ltd",
        university=["University of the Golden Triangle", "Fenland College of Medicine"],
        hospital=["Addenbrooke Park NHS Trust", "Radcliffe Royal Infirmary"],
        agency=["East of England Health Innovation Agency"],
        people=[
            "Olivia Hughes",
            "Thomas Wright",
            "Priya Shah",
            "George Evans",
            "Hannah Clarke",
            "Oliver Bennett",
            "Aisha Rahman",
            "William Turner",
        ],
        phone_prefix="+44 1223",
        domain="co.uk",
    ),
    "rhine-main-biotech": Locale(
        cities=["Heidelberg", "Mannheim", "Ludwigshafen am Rhein", "Weinheim", "Walldorf"],
        company_words=[
            "Neckar",
            "Kurpfalz",
            "Odenwald",
            "Bergstraße",
            "Rheinaue",
            "Königstuhl",
            "Philosophenweg",
            "Bismarck",
            "Neuenheim",
            "Handschuhsheim",
        ],
        company_suffix="GmbH",
        university=["Ruprecht-Institut für Lebenswissenschaften", "Hochschule Rhein-Neckar"],
        hospital=["Universitätsklinikum Neuenheim", "Klinikum Mannheim-Süd"],
        agency=["Wirtschaftsförderung BioRegion Rhein-Neckar"],
        people=[
            "Anna Müller",
            "Lukas Schneider",
            "Sophie Weber",
            "Jonas Fischer",
            "Lea Wagner",
            "Felix Becker",
            "Marie Hoffmann",
            "Jürgen Schäfer",
        ],
        phone_prefix="+49 6221",
        domain="de",
    ),
    "lyon-biopole": Locale(
        cities=["Lyon", "Grenoble", "Villeurbanne", "Marcy-l'Étoile", "Saint-Étienne"],
        company_words=[
            "Confluence",
            "Fourvière",
            "Gerland",
            "Croix-Rousse",
            "Bellecour",
            "Presqu'île",
            "Saône",
            "Belledonne",
            "Vercors",
            "Part-Dieu",
        ],
        company_suffix="SAS",
        university=["Université Lumière des Sciences de la Vie", "École de Biologie de Gerland"],
        hospital=["Hôpital Édouard-Herriot Sud", "Centre Hospitalier Universitaire des Alpes"],
        agency=["Agence de Développement Auvergne-Rhône-Alpes Santé"],
        people=[
            "Camille Martin",
            "Julien Bernard",
            "Chloé Dubois",
            "Nicolas Lefèvre",
            "Léa Moreau",
            "Hugo Laurent",
            "Manon Girard",
            "Étienne Roux",
        ],
        phone_prefix="+33 4",
        domain="fr",
    ),
    "toronto-health-innovation": Locale(
        cities=["Toronto", "Mississauga", "Hamilton", "Kingston", "Ottawa"],
        company_words=[
            "MaRS Lane",
            "Don Valley",
            "Humber",
            "Lakeshore",
            "Queen's Park",
            "Spadina",
            "Scarborough",
            "Algonquin",
            "Rideau",
            "Niagara",
        ],
        company_suffix="Inc.",
        university=["University of Lake Ontario", "Ontario Polytechnic Institute"],
        hospital=["Lakeshore University Health Network", "Sunnybrook Hill Hospital"],
        agency=["Ontario Health Technology Office"],
        people=[
            "Sophie Tremblay",
            "Liam Chen",
            "Ava Singh",
            "Noah Roy",
            "Chloe MacDonald",
            "Ethan Gagnon",
            "Maya Wong",
            "Lucas Côté",
        ],
        phone_prefix="+1 416",
        domain="ca",
    ),
    "basel-life-sciences": Locale(
        cities=["Basel", "Allschwil", "Muttenz", "Liestal", "Zürich"],
        company_words=[
            "Rheinknie",
            "Dreiländereck",
            "Klybeck",
            "St. Johann",
            "Jura",
            "Birsfelden",
            "Gundeli",
            "Münsterhügel",
            "Rosental",
            "Novartis Campus",
        ],
        company_suffix="AG",
        university=[
            "Universität Oberrhein für Biomedizin",
            "Swiss Institute of Translational Pharmacy",
        ],
        hospital=["Universitätsspital Rheinknie", "Kantonsspital Baselland Bruderholz"],
        agency=["Standortförderung Basel Life Sciences"],
        people=[
            "Luca Meier",
            "Nina Keller",
            "Marco Brunner",
            "Sara Frei",
            "Daniel Gerber",
            "Laura Baumann",
            "Céline Favre",
            "Reto Huber",
        ],
        phone_prefix="+41 61",
        domain="ch",
    ),
    "kansai-bio-cluster": Locale(
        cities=["大阪 Osaka", "神戸 Kobe", "京都 Kyoto", "吹田 Suita", "大阪 Osaka"],
        company_words=[
            "Naniwa",
            "Yodogawa",
            "Sakura",
            "Rokko",
            "Kamo",
            "Arashiyama",
            "Minato",
            "Umeda",
            "Shin-Kobe",
            "Fushimi",
        ],
        company_suffix="K.K.",
        university=["Kansai Institute of Regenerative Medicine", "Kobe Medical Science University"],
        hospital=["Osaka Minami Medical Center", "Kyoto Higashiyama University Hospital"],
        agency=["Kansai Medical Innovation Promotion Council"],
        people=[
            "Sato Yuki 佐藤由紀",
            "Suzuki Hiroshi 鈴木博",
            "Takahashi Aiko 高橋愛子",
            "Tanaka Kenji 田中健二",
            "Watanabe Mai 渡辺舞",
            "Ito Takeshi 伊藤剛",
            "Yamamoto Sakura 山本さくら",
            "Nakamura Ren 中村蓮",
        ],
        phone_prefix="+81 6",
        domain="jp",
    ),
    "osong-bio-valley": Locale(
        cities=["청주 Cheongju", "오송 Osong", "서울 Seoul", "대전 Daejeon", "인천 Incheon"],
        company_words=[
            "Hanbit",
            "Saerom",
            "Mirae",
            "Daehan",
            "Hanul",
            "Gaon",
            "Nuri",
            "Bitsaem",
            "Arum",
            "Saebyeol",
        ],
        company_suffix="Co., Ltd.",
        university=["Chungbuk National Bio University", "Osong Graduate School of Medicine"],
        hospital=["Cheongju St. Mary's Medical Center", "Seoul Han River University Hospital"],
        agency=["Osong Medical Innovation Foundation"],
        people=[
            "Kim Min-jun 김민준",
            "Lee Seo-yeon 이서연",
            "Park Ji-ho 박지호",
            "Choi Yu-na 최유나",
            "Jung Hyun-woo 정현우",
            "Kang Ha-eun 강하은",
            "Yoon Do-yun 윤도윤",
            "Lim Soo-ah 임수아",
        ],
        phone_prefix="+82 43",
        domain="kr",
    ),
    "singapore-biopolis-network": Locale(
        cities=["Singapore", "Singapore", "Singapore", "Singapore", "Singapore"],
        company_words=[
            "Merlion",
            "Raffles",
            "Kent Ridge",
            "Buona Vista",
            "Tuas",
            "Jurong",
            "Marina",
            "Orchid",
            "Sentosa",
            "Bukit Timah",
        ],
        company_suffix="Pte. Ltd.",
        university=["Lion City University of Medicine", "Straits Institute of Biomedical Science"],
        hospital=["Kent Ridge General Hospital", "Tan Tock Seng Research Hospital"],
        agency=["Singapore Biomedical Development Office"],
        people=[
            "Tan Wei Ling",
            "Lim Jun Jie",
            "Nur Aisyah",
            "Rajesh Kumar",
            "Chua Hui Min",
            "Ong Kai Xiang",
            "Siti Rahmah",
            "Goh Mei Ling",
        ],
        phone_prefix="+65",
        domain="sg",
    ),
}

# Per top area: a product noun for names, offers and needs a partner could act on.
AREA_TEXTS: dict[str, dict[str, list[str]]] = {
    "therapeutics": {
        "noun": ["Therapeutics", "Pharma", "Biologics", "Bio"],
        "offer": [
            "a pre-clinical antibody candidate against solid tumours, available for licensing",
            "a small-molecule kinase inhibitor series with in-vivo proof of concept",
            "an AAV gene therapy platform with a validated liver-targeting capsid",
            "mRNA formulation know-how and lipid nanoparticle manufacturing at pilot scale",
            "a peptide library and screening service for GPCR targets",
        ],
        "need": [
            "a co-development partner for phase I trials in Asia",
            "licensees for our oncology pipeline outside Europe",
            "investors for a Series A round to reach first-in-human studies",
            "a CDMO able to produce clinical batches of a monoclonal antibody",
        ],
    },
    "medical-devices": {
        "noun": ["Medical", "MedTech", "Devices", "Diagnostics"],
        "offer": [
            "a CE-marked point-of-care PCR test for respiratory infections",
            "AI-assisted ultrasound imaging software cleared in two markets",
            "3D-printed titanium orthopaedic implants, custom-made per patient",
            "a wearable ECG patch with seven days of continuous monitoring",
            "minimally invasive surgical instruments for endoscopic procedures",
        ],
        "need": [
            "distribution partners for hospitals in Japan and Korea",
            "a regulatory partner for NMPA registration in China",
            "clinical sites to validate a new diagnostic assay",
            "contract manufacturing for single-use sterile components",
        ],
    },
    "digital-health": {
        "noun": ["Digital", "Health AI", "Data", "Informatics"],
        "offer": [
            "a machine-learning model that predicts sepsis from routine lab values",
            "a telemedicine platform already used by 40 clinics",
            "FHIR-based interoperability middleware for hospital information systems",
            "a prescription digital therapeutic for insomnia",
            "bioinformatics pipelines for single-cell sequencing data",
        ],
        "need": [
            "hospital partners with annotated imaging data for model training",
            "a pharmaceutical partner to pair our app with a drug",
            "pilot customers among hospital groups in Europe",
        ],
    },
    "pharma-services": {
        "noun": ["Clinical", "CRO", "Bioservices", "Contract Research"],
        "offer": [
            "GMP manufacturing of biologics from 200 L to 2,000 L",
            "phase I–III clinical trial management across Asia-Pacific",
            "regulatory dossiers for FDA, EMA, NMPA and PMDA submissions",
            "GLP toxicology and safety pharmacology studies",
            "quality audits and GMP training for new production sites",
        ],
        "need": [
            "biotech clients looking for a second manufacturing source",
            "partner CROs in Europe and North America for multi-regional trials",
            "sponsors for early-phase studies",
        ],
    },
    "biotech-tools": {
        "noun": ["Genomics", "Biosystems", "Lab", "Bioprocess"],
        "offer": [
            "long-read sequencing services with a two-week turnaround",
            "mass-spectrometry proteomics for biomarker discovery",
            "robotic liquid handling and lab automation integration",
            "single-use bioreactor systems for cell culture",
            "validated ELISA and multiplex assay kits",
        ],
        "need": [
            "distributors for research reagents in South-East Asia",
            "academic collaborators to co-publish method papers",
            "a manufacturing partner for reagent kits",
        ],
    },
    "agri-food-vet": {
        "noun": ["AgriBio", "Nutrition", "Vet", "Microbiome"],
        "offer": [
            "veterinary vaccines for poultry and swine",
            "probiotic strains with clinical data on gut health",
            "plant-based protein fermentation processes",
            "microbiome sequencing and analysis for animal feed trials",
        ],
        "need": [
            "registration support for veterinary products in Europe",
            "food companies to license our fermentation process",
            "field-trial partners in Asia",
        ],
    },
    "tcm": {
        "noun": ["Herbal", "TCM", "Botanicals", "Natural Medicine"],
        "offer": [
            "standardised herbal extracts with fingerprint chromatography quality control",
            "a traditional Chinese medicine formulation in phase II for chronic fatigue",
            "GAP-certified cultivation of medicinal herbs",
        ],
        "need": [
            "partners for clinical studies of herbal medicines in Europe",
            "regulatory advice for botanical drug registration in the US",
            "distributors for nutraceutical markets",
        ],
    },
}
DEFAULT_TEXTS = {
    "noun": ["Life Sciences", "Health", "Bio"],
    "offer": [
        "patient recruitment for rehabilitation and elderly-care studies",
        "precision-medicine services combining genomics and clinical data",
        "natural-product libraries for cosmetic and nutraceutical screening",
    ],
    "need": [
        "international partners for joint research projects",
        "companies to test new care pathways with our patients",
    ],
}

RESEARCH_TOPICS = [
    "Cell Reprogramming",
    "Tumour Immunology",
    "Synthetic Biology",
    "Structural Biology",
    "Infectious Diseases",
    "Neurodegeneration",
    "Medical Imaging",
    "Computational Biology",
    "Biomaterials",
    "Vaccine Research",
    "Drug Delivery",
    "Microbiome Research",
]
INVESTOR_WORDS = ["Ventures", "Capital", "Life Science Partners", "Health Fund", "BioVentures"]
SERVICE_WORDS = [
    "CRO",
    "Clinical Research",
    "BioManufacturing",
    "Regulatory Consulting",
    "Analytical Services",
    "CDMO",
]
ROLES = [
    "Business development manager",
    "Chief executive officer",
    "Head of partnering",
    "Technology transfer officer",
    "Chief scientific officer",
    "Head of regulatory affairs",
    "Principal investigator",
    "Investment director",
]
VISIBILITIES = [
    ContactVisibility.MEMBERS,
    ContactVisibility.MEMBERS,
    ContactVisibility.INTRODUCED,
    ContactVisibility.INTRODUCED,
    ContactVisibility.PRIVATE,
]


def _ascii_handle(name: str) -> str:
    return slugify(name).replace("-", ".") or "contact"


def _organization_name(rng: random.Random, kind: str, locale: Locale, noun: str, index: int) -> str:
    if kind == OrganizationKind.COMPANY:
        word = locale.company_words[index % len(locale.company_words)]
        return f"{word} {noun} {locale.company_suffix}"
    if kind == OrganizationKind.RESEARCH_GROUP:
        topic = rng.choice(RESEARCH_TOPICS)
        return f"{topic} Lab, {rng.choice(locale.university)}"
    if kind == OrganizationKind.UNIVERSITY:
        return locale.university[index % len(locale.university)]
    if kind == OrganizationKind.HOSPITAL:
        return locale.hospital[index % len(locale.hospital)]
    if kind == OrganizationKind.INVESTOR:
        word = locale.company_words[(index + 3) % len(locale.company_words)]
        return f"{word} {rng.choice(INVESTOR_WORDS)}"
    if kind == OrganizationKind.SERVICE_PROVIDER:
        word = locale.company_words[(index + 5) % len(locale.company_words)]
        return f"{word} {rng.choice(SERVICE_WORDS)} {locale.company_suffix}"
    return locale.agency[0]


def _pick_areas(
    rng: random.Random, cluster_focus: list[TechnologyArea], all_areas: list[TechnologyArea]
) -> list[TechnologyArea]:
    subareas = [area for area in all_areas if area.parent_id]
    count = rng.randint(1, 4)
    chosen: list[TechnologyArea] = []
    for _ in range(count):
        if cluster_focus and rng.random() < 0.6:
            chosen.append(rng.choice(cluster_focus))
        elif rng.random() < 0.85:
            chosen.append(rng.choice(subareas))
        else:
            chosen.append(rng.choice([area for area in all_areas if not area.parent_id]))
    unique: dict[int, TechnologyArea] = {area.pk: area for area in chosen}
    return list(unique.values())


def _texts(area: TechnologyArea, by_pk: dict[int, TechnologyArea]) -> dict[str, list[str]]:
    top = by_pk[area.parent_id] if area.parent_id else area
    return AREA_TEXTS.get(top.slug, DEFAULT_TEXTS)


def _describe(
    rng: random.Random, kind: str, name: str, city: str, areas: list[TechnologyArea]
) -> str:
    area_names = ", ".join(area.name for area in areas)
    adjective = rng.choice(["young", "fast-growing", "family-owned", "listed"])
    intro = {
        OrganizationKind.COMPANY: f"{name} is a {adjective} company based in {city}",
        OrganizationKind.RESEARCH_GROUP: f"An academic research group in {city}",
        OrganizationKind.UNIVERSITY: (
            f"A research university in {city} with a technology-transfer office"
        ),
        OrganizationKind.HOSPITAL: (
            f"A teaching hospital in {city} running investigator-initiated trials"
        ),
        OrganizationKind.INVESTOR: (
            f"A venture investor from {city} backing early-stage life-science companies"
        ),
        OrganizationKind.SERVICE_PROVIDER: (
            f"A service provider in {city} supporting drug and device developers"
        ),
        OrganizationKind.PUBLIC_AGENCY: (
            f"The public agency that attracts and supports life-science investment in {city}"
        ),
    }[kind]
    return f"{intro}, working in {area_names}. Demo data: this organization is fictitious."


def seed(*, rng: random.Random) -> str:
    clusters = {
        cluster.slug: cluster
        for cluster in Cluster.objects.prefetch_related("focus_areas").order_by("pk")
    }
    all_areas = list(TechnologyArea.objects.all())
    by_pk = {area.pk: area for area in all_areas}
    existing = set(Organization.objects.values_list("slug", flat=True))
    created = skipped = 0
    seen_names: set[str] = set()
    for cluster_slug, locale in LOCALES.items():
        cluster = clusters.get(cluster_slug)
        if cluster is None:
            continue
        focus = list(cluster.focus_areas.all())
        for index, kind in enumerate(KIND_MIX):
            # Every random draw happens whether or not the organization exists, so a second run
            # walks exactly the same sequence.
            city = locale.cities[0] if index == 0 else rng.choice(locale.cities)
            areas = _pick_areas(rng, focus, all_areas)
            texts = _texts(areas[0], by_pk)
            noun = rng.choice(texts["noun"])
            name = _organization_name(rng, kind, locale, noun, index)
            offers = rng.sample(texts["offer"], k=2)
            capabilities = " ".join(f"We offer {offer}." for offer in offers)
            needs = f"We are looking for {rng.choice(texts['need'])}."
            description = _describe(rng, kind, name, city, areas)
            size_band = rng.choice(SizeBand.values)
            founded_year = rng.randint(1950 if kind != OrganizationKind.COMPANY else 1985, 2024)
            is_verified = rng.random() < 0.88
            contact_count = rng.randint(1, 3)
            contacts = [
                (rng.choice(locale.people), rng.choice(ROLES), rng.choice(VISIBILITIES))
                for _ in range(contact_count)
            ]
            phone_suffix = rng.randint(1000000, 9999999)
            base_name, suffix = name, 2
            while name in seen_names:
                name = f"{base_name} ({suffix})"
                suffix += 1
            seen_names.add(name)
            slug = slugify(name)
            if slug in existing:
                skipped += 1
                continue
            domain = f"{slugify(name)[:30].strip('-')}.example.{locale.domain}"
            organization = organization_create(
                actor=None,
                cluster=cluster,
                name=name,
                kind=kind,
                country=cluster.country.code,
                city=city,
                size_band=size_band,
                founded_year=founded_year,
                description=description,
                capabilities=capabilities,
                needs=needs,
                website=f"https://www.{domain}",
                email=f"info@{domain}",
                phone=f"{locale.phone_prefix} {phone_suffix}",
                technology_areas=areas,
                is_verified=is_verified,
            )
            bulk_create_with_history(
                [
                    Contact(
                        organization=organization,
                        name=person,
                        role=role,
                        email=f"{_ascii_handle(person)}@{domain}",
                        phone=f"{locale.phone_prefix} {phone_suffix + position + 1}",
                        visibility=visibility,
                        position=position,
                    )
                    for position, (person, role, visibility) in enumerate(contacts)
                ],
                Contact,
            )
            existing.add(organization.slug)
            created += 1
    return f"{created} organizations created, {skipped} already there"
