"""The consortium's two-level life-science taxonomy, loaded by a data migration.

Names are marked for translation here with gettext_noop so `makemessages` collects them;
`TechnologyArea.display_name` translates them at request time. Slugs are stable keys.
"""

from django.utils.translation import gettext_noop

TAXONOMY: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "therapeutics",
        gettext_noop("Therapeutics"),
        [
            ("small-molecules", gettext_noop("Small molecules")),
            ("biologics", gettext_noop("Biologics & antibodies")),
            ("cell-gene-therapy", gettext_noop("Cell & gene therapy")),
            ("vaccines", gettext_noop("Vaccines")),
            ("rna-therapeutics", gettext_noop("RNA therapeutics")),
            ("peptides", gettext_noop("Peptides & proteins")),
            ("drug-delivery", gettext_noop("Drug delivery")),
        ],
    ),
    (
        "medical-devices",
        gettext_noop("Medical devices"),
        [
            ("diagnostics-ivd", gettext_noop("Diagnostics / IVD")),
            ("medical-imaging", gettext_noop("Medical imaging")),
            ("implants", gettext_noop("Implants")),
            ("surgical-robotics", gettext_noop("Surgical instruments & robotics")),
            ("wearables", gettext_noop("Wearables & monitoring")),
            ("point-of-care", gettext_noop("Point-of-care testing")),
        ],
    ),
    (
        "digital-health",
        gettext_noop("Digital health"),
        [
            ("ai-ml", gettext_noop("AI / machine learning")),
            ("telemedicine", gettext_noop("Telemedicine")),
            ("health-data", gettext_noop("Health data & interoperability")),
            ("digital-therapeutics", gettext_noop("Digital therapeutics")),
            ("bioinformatics", gettext_noop("Bioinformatics")),
        ],
    ),
    (
        "pharma-services",
        gettext_noop("Pharma services"),
        [
            ("cro", gettext_noop("CRO (contract research)")),
            ("cdmo", gettext_noop("CDMO (development & manufacturing)")),
            ("regulatory-affairs", gettext_noop("Regulatory affairs")),
            ("clinical-trials", gettext_noop("Clinical trial services")),
            ("quality-gmp", gettext_noop("Quality & GMP")),
        ],
    ),
    (
        "biotech-tools",
        gettext_noop("Research tools & bioprocessing"),
        [
            ("genomics", gettext_noop("Genomics & sequencing")),
            ("proteomics", gettext_noop("Proteomics")),
            ("lab-automation", gettext_noop("Lab automation")),
            ("bioprocessing", gettext_noop("Bioprocessing")),
            ("reagents-assays", gettext_noop("Reagents & assays")),
        ],
    ),
    (
        "agri-food-vet",
        gettext_noop("Agri-food & veterinary"),
        [
            ("animal-health", gettext_noop("Animal health")),
            ("food-nutrition", gettext_noop("Food & nutrition")),
            ("crop-biotech", gettext_noop("Crop biotechnology")),
            ("microbiome", gettext_noop("Microbiome")),
        ],
    ),
    (
        "tcm",
        gettext_noop("Traditional Chinese medicine"),
        [
            ("tcm-herbal", gettext_noop("Herbal medicine")),
            ("tcm-formulations", gettext_noop("Modern TCM formulations")),
            ("tcm-quality", gettext_noop("TCM quality control & standardisation")),
        ],
    ),
    (
        "healthcare-delivery",
        gettext_noop("Healthcare delivery"),
        [
            ("hospital-services", gettext_noop("Hospital services")),
            ("elderly-care", gettext_noop("Elderly care")),
            ("rehabilitation", gettext_noop("Rehabilitation")),
            ("precision-medicine", gettext_noop("Precision medicine")),
        ],
    ),
    (
        "nutraceuticals-cosmetics",
        gettext_noop("Nutraceuticals & cosmetics"),
        [
            ("nutraceuticals", gettext_noop("Nutraceuticals")),
            ("cosmeceuticals", gettext_noop("Cosmeceuticals")),
            ("natural-products", gettext_noop("Natural products")),
        ],
    ),
]
