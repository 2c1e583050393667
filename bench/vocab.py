"""Word lists and generators that make the benchmark's text look like a life-science directory.

Term frequencies matter more than prose: search terms used by the benchmark ("antibody",
"diagnostics", "oncology", ...) hit a realistic few percent of rows, not all or none.
"""

import random

NAME_PREFIXES = [
    "Nordic",
    "Pacific",
    "Alpine",
    "Atlantic",
    "Rhine",
    "Seine",
    "Kanto",
    "Han River",
    "Lion City",
    "Taizhou",
    "Jiangsu",
    "Bay State",
    "Cambridge",
    "Oxford",
    "Basel",
    "Lyon",
    "Osaka",
    "Kobe",
    "Songdo",
    "Toronto",
    "Montreal",
    "Munich",
    "Heidelberg",
    "Berlin",
    "Boston",
    "San Diego",
    "Geneva",
    "Lausanne",
    "Grenoble",
    "Strasbourg",
    "Yokohama",
    "Seoul",
    "Daejeon",
    "Biopolis",
    "Vancouver",
    "Quebec",
    "Leiden",
    "Aurora",
    "Helix",
    "Vertex",
    "Summit",
    "Crescent",
    "Nova",
    "Orion",
    "Zenith",
    "Cedar",
    "Maple",
    "Sakura",
    "Lotus",
    "Jade",
    "Granite",
    "Silver",
    "Blue",
]
NAME_CORES = [
    "Antibody",
    "Biologics",
    "Genomics",
    "Diagnostics",
    "Therapeutics",
    "MedTech",
    "Imaging",
    "Peptide",
    "Vaccine",
    "Cell Therapy",
    "Gene Editing",
    "RNA",
    "Oncology",
    "Neuro",
    "Cardio",
    "Bioprocess",
    "Biomaterials",
    "Robotics",
    "Digital Health",
    "Bioinformatics",
    "Pharma",
    "Biotech",
    "Life Sciences",
    "Medical Devices",
    "Health AI",
    "Microbiome",
    "Proteomics",
    "Drug Delivery",
    "Clinical Research",
    "Analytics",
    "Nanomedicine",
    "Regenerative Medicine",
    "Point-of-Care",
    "Wearables",
    "Telehealth",
    "Herbal Medicine",
    "Animal Health",
    "Nutrition",
]
NAME_SUFFIXES = {
    "company": ["Ltd", "GmbH", "SAS", "Inc.", "Co., Ltd.", "AG", "K.K.", "Pte. Ltd.", "Corp."],
    "research_group": ["Lab", "Research Group", "Laboratory", "Research Unit"],
    "university": ["University", "Institute of Technology", "School of Medicine"],
    "hospital": ["University Hospital", "Medical Center", "Clinic", "Cancer Center"],
    "investor": ["Ventures", "Capital", "Partners", "Investments", "Fund"],
    "service_provider": ["CRO", "CDMO", "Consulting", "Services", "Regulatory Affairs"],
    "public_agency": ["Agency", "Development Office", "Innovation Board", "Foundation"],
}
# Each document is about one technology and one application (its "theme"), drawn with
# long-tailed weights, and says so in a few sentences among generic prose: a word like
# "antibody" ends up in a few percent of the documents, "organoid" in well under one percent.
TECHNOLOGIES = [
    "small-molecule kinase inhibitor",
    "monoclonal antibody",
    "mRNA vaccine",
    "AI-based medical imaging",
    "in-vitro diagnostics",
    "CAR-T cell therapy",
    "telemedicine platform",
    "GMP manufacturing",
    "biosimilar",
    "wearable ECG monitor",
    "PCR diagnostics",
    "AAV gene therapy",
    "clinical trial management",
    "orthopaedic implant",
    "bispecific antibody",
    "herbal formulation",
    "real-world evidence analytics",
    "CRISPR gene editing",
    "lipid nanoparticle delivery",
    "point-of-care assay",
    "peptide therapeutic",
    "cell line development",
    "continuous glucose monitor",
    "digital pathology",
    "antibody-drug conjugate",
    "surgical robot",
    "probiotic",
    "regulatory submission",
    "liquid biopsy",
    "PROTAC degrader",
    "stem cell therapy",
    "microbiome therapeutic",
    "veterinary vaccine",
    "3D bioprinting",
    "organ-on-chip",
    "companion diagnostics",
    "cardiovascular stent",
    "ultrasound imaging",
    "MRI contrast agent",
    "fill-finish",
    "bioprocess scale-up",
    "preclinical toxicology",
    "hospital data platform",
    "clinical decision support",
    "tissue engineering",
    "drug repurposing",
    "animal nutrition",
    "traditional Chinese medicine extract",
    "antisense oligonucleotide",
    "siRNA therapeutic",
    "radiopharmaceutical",
    "exosome therapy",
    "phage therapy",
    "nanobody",
    "mass spectrometry",
    "single-cell sequencing",
    "spatial transcriptomics",
    "organoid model",
    "biobank",
    "electronic health record integration",
    "remote patient monitoring",
    "smart inhaler",
    "insulin pump",
    "hearing implant",
    "dental implant",
    "ophthalmic laser",
    "endoscope",
    "biodegradable polymer",
    "hydrogel wound dressing",
    "transdermal patch",
    "oral vaccine",
    "allergen immunotherapy",
    "antimicrobial peptide",
    "vaccine adjuvant",
    "glycoengineering",
    "protein crystallography",
    "high-throughput screening",
    "DNA-encoded library",
    "computational chemistry",
    "digital twin",
    "blockchain supply chain",
    "cold-chain logistics",
    "medical 3D printing",
    "brain-computer interface",
    "neurostimulation device",
    "capsule endoscopy",
    "photodynamic therapy",
    "hyperthermia device",
    "plasma fractionation",
]
APPLICATIONS = [
    "oncology",
    "diabetes",
    "cardiology",
    "infectious disease",
    "Alzheimer's disease",
    "rare disease",
    "immunology",
    "respiratory disease",
    "ophthalmology",
    "dermatology",
    "pain management",
    "obesity",
    "rheumatoid arthritis",
    "psoriasis",
    "hepatitis B",
    "tuberculosis",
    "malaria",
    "sepsis",
    "stroke",
    "Parkinson's disease",
    "epilepsy",
    "depression",
    "chronic kidney disease",
    "liver fibrosis",
    "NASH",
    "osteoporosis",
    "muscular dystrophy",
    "cystic fibrosis",
    "haemophilia",
    "sickle cell disease",
    "breast cancer",
    "lung cancer",
    "colorectal cancer",
    "prostate cancer",
    "leukaemia",
    "lymphoma",
    "glioblastoma",
    "pancreatic cancer",
    "women's health",
    "paediatrics",
    "geriatric care",
    "intensive care",
    "emergency medicine",
    "sports medicine",
    "animal health",
    "aquaculture",
    "food safety",
    "antimicrobial resistance",
]
SERVICES = [
    "a licensing partner",
    "a co-development partner",
    "a distributor",
    "an investor",
    "a CDMO",
    "a CRO",
    "clinical sites",
    "a hospital partner",
    "a research collaboration",
    "a manufacturing partner",
    "a regulatory consultant",
    "market access support",
]
MARKETS = [
    "China",
    "Japan",
    "Korea",
    "Germany",
    "France",
    "the United States",
    "the United Kingdom",
    "Canada",
    "Switzerland",
    "Singapore",
    "Europe",
    "Asia",
    "North America",
]
GENERIC = [
    "Our team has long experience in the field and a strong track record.",
    "The project is supported by peer-reviewed data and an experienced management team.",
    "We have certified facilities and work under international quality standards.",
    "Data are available under a confidentiality agreement.",
    "We are open to several forms of collaboration and flexible on terms.",
    "The programme is ready for the next development step.",
    "Our partners include universities, hospitals and industrial groups.",
    "We can share a non-confidential presentation on request.",
    "Funding for the next phase is partly secured.",
    "We are happy to meet at the next consortium partnering event.",
    "A pilot can start within three months of an agreement.",
    "The team speaks English and the local language of our home market.",
]
OFFER = [
    "We offer {tech} for {app}.",
    "We develop {tech} for {app}.",
    "Our platform combines {tech} with expertise in {app}.",
    "We have validated {tech} in {app} studies.",
    "We license our {tech} for {app}.",
]
SEEK = [
    "We are looking for {service} in {market} for our {tech} programme.",
    "We seek {service} to bring our {tech} for {app} to {market}.",
    "We need {service} with experience in {app}.",
]
FIRST_NAMES = [
    "Wei",
    "Li",
    "Hiroshi",
    "Yuki",
    "Min-jun",
    "Seo-yeon",
    "Anna",
    "Lukas",
    "Camille",
    "Louis",
    "Emma",
    "Noah",
    "Olivia",
    "Liam",
    "Sophie",
    "Jonas",
    "Chloé",
    "Hugo",
    "Mei",
    "Jun",
    "Priya",
    "Arjun",
    "Sarah",
    "David",
    "Marie",
    "Pierre",
    "Kenji",
    "Sakura",
    "Ji-ho",
    "Hana",
]
LAST_NAMES = [
    "Wang",
    "Zhang",
    "Chen",
    "Sato",
    "Suzuki",
    "Kim",
    "Lee",
    "Park",
    "Müller",
    "Schmidt",
    "Martin",
    "Bernard",
    "Dubois",
    "Smith",
    "Johnson",
    "Brown",
    "Tremblay",
    "Gagnon",
    "Tan",
    "Lim",
    "Meier",
    "Keller",
    "Tanaka",
    "Watanabe",
    "Choi",
    "Fischer",
    "Weber",
    "Moreau",
]
JOB_TITLES = [
    "CEO",
    "CTO",
    "Business Development Manager",
    "Head of Licensing",
    "Principal Investigator",
    "Technology Transfer Officer",
    "Partnering Director",
    "Project Manager",
    "Scientist",
]
# Terms the benchmark searches for, from common to rare.
SEARCH_TERMS = [
    "antibody",
    "diagnostics",
    "oncology",
    "vaccine",
    "imaging",
    "CRISPR",
    "biosimilar",
    "microbiome",
    "telemedicine",
    "stem cell",
    "diabetes",
    "rare disease",
    "implant",
    "probiotic",
    "liquid biopsy",
    "organoid",
]


def _weights(count: int) -> list[float]:
    """Long-tailed popularity: the first items are common, the last ones rare."""
    return [1 / (rank + 4) for rank in range(count)]


_TECH_WEIGHTS = _weights(len(TECHNOLOGIES))
_APP_WEIGHTS = _weights(len(APPLICATIONS))


class Theme:
    """What one document is about: one technology, one application."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.tech = rng.choices(TECHNOLOGIES, _TECH_WEIGHTS)[0]
        self.app = rng.choices(APPLICATIONS, _APP_WEIGHTS)[0]

    def _fill(self, template: str) -> str:
        rng = self.rng
        text = template.format(
            tech=self.tech, app=self.app, service=rng.choice(SERVICES), market=rng.choice(MARKETS)
        )
        return text[0].upper() + text[1:]

    def offer(self) -> str:
        return self._fill(self.rng.choice(OFFER))

    def seek(self) -> str:
        return self._fill(self.rng.choice(SEEK))

    def paragraph(self, sentences: int) -> str:
        """One topical sentence, then generic prose (and a second topical one if long)."""
        rng = self.rng
        parts = [self.offer() if rng.random() < 0.6 else self.seek()]
        parts += rng.sample(GENERIC, min(len(GENERIC), max(0, sentences - 1)))
        if sentences >= 4:
            parts.insert(2, self.seek())
        return " ".join(parts)

    def title(self, type_label: str) -> str:
        tech = self.tech[0].upper() + self.tech[1:]
        return f"{type_label}: {tech} for {self.app}"[:120]


def organization_name(rng: random.Random, kind: str) -> str:
    return f"{rng.choice(NAME_PREFIXES)} {rng.choice(NAME_CORES)} {rng.choice(NAME_SUFFIXES[kind])}"


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
