"""The consortium's two-level life-science taxonomy, loaded by a data migration.

Names are marked for translation here (gettext_noop) so `makemessages` collects them;
`TechnologyArea.display_name` translates them at request time. Slugs are stable keys.
"""

from django.utils.translation import gettext_noop as N_

TAXONOMY: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "therapeutics",
        N_("Therapeutics"),
        [
            ("small-molecules", N_("Small molecules")),
            ("biologics", N_("Biologics & antibodies")),
            ("cell-gene-therapy", N_("Cell & gene therapy")),
            ("vaccines", N_("Vaccines")),
            ("rna-therapeutics", N_("RNA therapeutics")),
            ("peptides", N_("Peptides & proteins")),
            ("drug-delivery", N_("Drug delivery")),
        ],
    ),
    (
        "medical-devices",
        N_("Medical devices"),
        [
            ("diagnostics-ivd", N_("Diagnostics / IVD")),
            ("medical-imaging", N_("Medical imaging")),
            ("implants", N_("Implants")),
            ("surgical-robotics", N_("Surgical instruments & robotics")),
            ("wearables", N_("Wearables & monitoring")),
            ("point-of-care", N_("Point-of-care testing")),
        ],
    ),
    (
        "digital-health",
        N_("Digital health"),
        [
            ("ai-ml", N_("AI / machine learning")),
            ("telemedicine", N_("Telemedicine")),
            ("health-data", N_("Health data & interoperability")),
            ("digital-therapeutics", N_("Digital therapeutics")),
            ("bioinformatics", N_("Bioinformatics")),
        ],
    ),
    (
        "pharma-services",
        N_("Pharma services"),
        [
            ("cro", N_("CRO (contract research)")),
            ("cdmo", N_("CDMO (development & manufacturing)")),
            ("regulatory-affairs", N_("Regulatory affairs")),
            ("clinical-trials", N_("Clinical trial services")),
            ("quality-gmp", N_("Quality & GMP")),
        ],
    ),
    (
        "biotech-tools",
        N_("Research tools & bioprocessing"),
        [
            ("genomics", N_("Genomics & sequencing")),
            ("proteomics", N_("Proteomics")),
            ("lab-automation", N_("Lab automation")),
            ("bioprocessing", N_("Bioprocessing")),
            ("reagents-assays", N_("Reagents & assays")),
        ],
    ),
    (
        "agri-food-vet",
        N_("Agri-food & veterinary"),
        [
            ("animal-health", N_("Animal health")),
            ("food-nutrition", N_("Food & nutrition")),
            ("crop-biotech", N_("Crop biotechnology")),
            ("microbiome", N_("Microbiome")),
        ],
    ),
    (
        "tcm",
        N_("Traditional Chinese medicine"),
        [
            ("tcm-herbal", N_("Herbal medicine")),
            ("tcm-formulations", N_("Modern TCM formulations")),
            ("tcm-quality", N_("TCM quality control & standardisation")),
        ],
    ),
    (
        "healthcare-delivery",
        N_("Healthcare delivery"),
        [
            ("hospital-services", N_("Hospital services")),
            ("elderly-care", N_("Elderly care")),
            ("rehabilitation", N_("Rehabilitation")),
            ("precision-medicine", N_("Precision medicine")),
        ],
    ),
    (
        "nutraceuticals-cosmetics",
        N_("Nutraceuticals & cosmetics"),
        [
            ("nutraceuticals", N_("Nutraceuticals")),
            ("cosmeceuticals", N_("Cosmeceuticals")),
            ("natural-products", N_("Natural products")),
        ],
    ),
]
