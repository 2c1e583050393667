"""Demo clusters. China Medical City is real; the nine others are plausible demo names."""

import random

from .models import Cluster, ClusterService, TechnologyArea

DEMO_NOTE = "(Demo data: this cluster's name and figures are illustrative.)"

CLUSTERS = [
    {
        "slug": "china-medical-city",
        "name": "China Medical City",
        "short_name": "CMC",
        "country": "CN",
        "city": "Taizhou",
        "region": "Jiangsu",
        "website": "https://www.chinamedicalcity.example",
        "is_coordinator": True,
        "founded_year": 2006,
        "employees": 28000,
        "latitude": "32.45500",
        "longitude": "119.92300",
        "description": (
            "China Medical City in Taizhou, Jiangsu, is China's only state-level bio-medical "
            "high-tech zone and the coordinator of the World Life Science Cluster Consortia. "
            "It hosts over a thousand pharmaceutical, medical-device and diagnostics companies, "
            "with incubators, GMP manufacturing space and regulatory support for market entry "
            "into China."
        ),
        "focus": ["therapeutics", "medical-devices", "tcm", "cdmo", "diagnostics-ivd"],
        "services": list(ClusterService.values),
    },
    {
        "slug": "boston-bay-life-sciences",
        "name": "Bay State Life Sciences Alliance",
        "short_name": "BSLSA",
        "country": "US",
        "city": "Boston",
        "region": "Massachusetts",
        "founded_year": 1999,
        "employees": 110000,
        "latitude": "42.36010",
        "longitude": "-71.05890",
        "description": (
            "A cluster of biotech companies, academic medical centres and venture investors "
            "around Boston and Cambridge, strong in biologics, cell and gene therapy and AI "
            "drug discovery."
        ),
        "focus": ["biologics", "cell-gene-therapy", "ai-ml", "rna-therapeutics"],
        "services": ["acceleration", "financing", "networking", "lab_space"],
    },
    {
        "slug": "cambridge-oxford-bionetwork",
        "name": "Golden Triangle BioNetwork",
        "short_name": "GTB",
        "country": "GB",
        "city": "Cambridge",
        "region": "East of England",
        "founded_year": 2003,
        "employees": 62000,
        "latitude": "52.20530",
        "longitude": "0.12180",
        "description": (
            "Connecting the life-science companies and universities of Cambridge, Oxford and "
            "London: genomics, antibodies, diagnostics and digital health."
        ),
        "focus": ["genomics", "biologics", "diagnostics-ivd", "health-data"],
        "services": ["incubation", "acceleration", "financing", "networking"],
    },
    {
        "slug": "rhine-main-biotech",
        "name": "BioRegion Rhein-Neckar",
        "short_name": "BRN",
        "country": "DE",
        "city": "Heidelberg",
        "region": "Baden-Württemberg",
        "founded_year": 1996,
        "employees": 24000,
        "latitude": "49.39875",
        "longitude": "8.67243",
        "description": (
            "Heidelberg, Mannheim and Ludwigshafen: cancer research, molecular biology, "
            "medical technology and pharmaceutical production."
        ),
        "focus": ["small-molecules", "medical-imaging", "precision-medicine", "proteomics"],
        "services": ["incubation", "incentives", "industrialization", "networking"],
    },
    {
        "slug": "lyon-biopole",
        "name": "Rhône-Alpes Biopôle",
        "short_name": "RAB",
        "country": "FR",
        "city": "Lyon",
        "region": "Auvergne-Rhône-Alpes",
        "founded_year": 2005,
        "employees": 38000,
        "latitude": "45.76400",
        "longitude": "4.83570",
        "description": (
            "Lyon and Grenoble's cluster for infectiology, vaccines, diagnostics and medical "
            "technologies, with a strong veterinary and animal-health community."
        ),
        "focus": ["vaccines", "diagnostics-ivd", "animal-health", "medical-devices"],
        "services": ["incubation", "acceleration", "regulatory", "market_entry"],
    },
    {
        "slug": "toronto-health-innovation",
        "name": "Ontario Health Innovation Cluster",
        "short_name": "OHIC",
        "country": "CA",
        "city": "Toronto",
        "region": "Ontario",
        "founded_year": 2008,
        "employees": 41000,
        "latitude": "43.65320",
        "longitude": "-79.38320",
        "description": (
            "Toronto's hospitals, universities and start-ups in regenerative medicine, AI for "
            "health and medical devices."
        ),
        "focus": ["cell-gene-therapy", "ai-ml", "medical-devices", "telemedicine"],
        "services": ["acceleration", "financing", "talent", "networking"],
    },
    {
        "slug": "basel-life-sciences",
        "name": "Upper Rhine Life Sciences Valley",
        "short_name": "URLS",
        "country": "CH",
        "city": "Basel",
        "region": "Basel-Stadt",
        "founded_year": 2001,
        "employees": 33000,
        "latitude": "47.55960",
        "longitude": "7.58860",
        "description": (
            "Basel and the Upper Rhine: global pharmaceutical headquarters, biotech start-ups "
            "and contract manufacturers."
        ),
        "focus": ["small-molecules", "biologics", "cdmo", "regulatory-affairs"],
        "services": ["incubation", "financing", "regulatory", "lab_space"],
    },
    {
        "slug": "kansai-bio-cluster",
        "name": "Kansai Bio Innovation Cluster",
        "short_name": "KBIC",
        "country": "JP",
        "city": "Osaka",
        "region": "Kansai",
        "founded_year": 2002,
        "employees": 47000,
        "latitude": "34.69370",
        "longitude": "135.50230",
        "description": (
            "Osaka, Kobe and Kyoto: regenerative medicine, iPS-cell research, drug discovery "
            "and medical devices."
        ),
        "focus": ["cell-gene-therapy", "small-molecules", "medical-devices", "elderly-care"],
        "services": ["incubation", "incentives", "industrialization", "market_entry"],
    },
    {
        "slug": "osong-bio-valley",
        "name": "Osong Bio Valley",
        "short_name": "OBV",
        "country": "KR",
        "city": "Cheongju",
        "region": "Chungcheongbuk-do",
        "founded_year": 2010,
        "employees": 15000,
        "latitude": "36.63720",
        "longitude": "127.48970",
        "description": (
            "Korea's national bio-health cluster next to the regulatory agencies: biosimilars, "
            "vaccines, diagnostics and clinical trial services."
        ),
        "focus": ["biologics", "vaccines", "clinical-trials", "diagnostics-ivd"],
        "services": ["incentives", "regulatory", "industrialization", "lab_space"],
    },
    {
        "slug": "singapore-biopolis-network",
        "name": "Lion City Biomedical Hub",
        "short_name": "LCBH",
        "country": "SG",
        "city": "Singapore",
        "region": "One-North",
        "founded_year": 2003,
        "employees": 25000,
        "latitude": "1.29970",
        "longitude": "103.78730",
        "description": (
            "Singapore's biomedical research and manufacturing hub, a gateway to South-East "
            "Asian markets for medtech, precision medicine and nutrition."
        ),
        "focus": ["precision-medicine", "medical-devices", "food-nutrition", "health-data"],
        "services": ["acceleration", "financing", "market_entry", "regulatory"],
    },
]


def seed(*, rng: random.Random) -> str:
    areas = {area.slug: area for area in TechnologyArea.objects.all()}
    created = 0
    for data in CLUSTERS:
        data = dict(data)
        focus = data.pop("focus")
        slug = data.pop("slug")
        if not data.get("is_coordinator"):
            data["description"] = f"{data['description']} {DEMO_NOTE}"
        data.setdefault("website", f"https://{slug}.example")
        data.setdefault("contact_name", "Partnering desk")
        data.setdefault("contact_email", f"partnering@{slug}.example")
        # Existing clusters are left alone: staff may have edited them since the first run.
        cluster, was_created = Cluster.objects.get_or_create(slug=slug, defaults=data)
        if was_created:
            cluster.focus_areas.set([areas[s] for s in focus if s in areas])
            created += 1
    return f"{created} clusters created, {len(CLUSTERS)} in total"
