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


# --- Documents in the portal's other languages ------------------------------------------------
# The clusters in China, Japan, Korea, Germany and France write a share of their profiles and
# opportunities in their own language. The common technologies and applications are
# translated (same long-tailed weights, so a CJK term hits a few percent of that language's
# documents, like "antibody" does in English); rarer ones keep their English name, as
# technical texts in these languages often do.
LANGUAGE_BY_COUNTRY = {"CN": "zh", "JP": "ja", "KR": "ko", "DE": "de", "FR": "fr"}
# Share of a cluster's organizations that write in its country's language (the rest: English).
LOCAL_LANGUAGE_SHARE = {"zh": 0.7, "ja": 0.7, "ko": 0.7, "de": 0.5, "fr": 0.5}

_TECH_TRANSLATIONS = {
    # small-molecule kinase inhibitor, monoclonal antibody, mRNA vaccine, AI-based medical
    # imaging, in-vitro diagnostics, CAR-T cell therapy, telemedicine platform, GMP
    # manufacturing, biosimilar, wearable ECG monitor, PCR diagnostics, AAV gene therapy,
    # clinical trial management, orthopaedic implant, bispecific antibody
    "zh": [
        "小分子激酶抑制剂", "单克隆抗体", "mRNA疫苗", "人工智能医学影像", "体外诊断",
        "CAR-T细胞治疗", "远程医疗平台", "GMP生产", "生物类似药", "可穿戴心电监测仪",
        "PCR诊断", "AAV基因治疗", "临床试验管理", "骨科植入物", "双特异性抗体",
    ],
    "ja": [
        "低分子キナーゼ阻害剤", "モノクローナル抗体", "mRNAワクチン", "AI画像診断", "体外診断薬",
        "CAR-T細胞療法", "遠隔医療プラットフォーム", "GMP製造", "バイオシミラー",
        "ウェアラブル心電計", "PCR検査", "AAV遺伝子治療", "臨床試験管理",
        "整形外科用インプラント", "二重特異性抗体",
    ],
    "ko": [
        "저분자 키나아제 억제제", "단클론 항체", "mRNA 백신", "AI 의료영상", "체외 진단",
        "CAR-T 세포 치료", "원격의료 플랫폼", "GMP 생산", "바이오시밀러", "웨어러블 심전도 모니터",
        "PCR 진단", "AAV 유전자 치료", "임상시험 관리", "정형외과 임플란트", "이중특이 항체",
    ],
    "de": [
        "niedermolekulare Kinasehemmer", "monoklonale Antikörper", "mRNA-Impfstoffe",
        "KI-gestützte Bildgebung", "In-vitro-Diagnostik", "CAR-T-Zelltherapie",
        "Telemedizin-Plattform", "GMP-Herstellung", "Biosimilars", "tragbare EKG-Monitore",
        "PCR-Diagnostik", "AAV-Gentherapie", "Management klinischer Studien",
        "orthopädische Implantate", "bispezifische Antikörper",
    ],
    "fr": [
        "inhibiteurs de kinase", "anticorps monoclonaux", "vaccins à ARNm",
        "imagerie médicale par IA", "diagnostic in vitro", "thérapie cellulaire CAR-T",
        "plateforme de télémédecine", "production BPF", "biosimilaires", "moniteurs ECG portables",
        "diagnostic PCR", "thérapie génique AAV", "gestion des essais cliniques",
        "implants orthopédiques", "anticorps bispécifiques",
    ],
}  # fmt: skip
_APP_TRANSLATIONS = {
    # oncology, diabetes, cardiology, infectious disease, Alzheimer's disease, rare disease,
    # immunology, respiratory disease, ophthalmology, dermatology
    "zh": ["肿瘤", "糖尿病", "心血管疾病", "传染病", "阿尔茨海默病", "罕见病", "免疫疾病",
           "呼吸系统疾病", "眼科", "皮肤科"],
    "ja": ["がん", "糖尿病", "循環器疾患", "感染症", "アルツハイマー病", "希少疾患", "免疫疾患",
           "呼吸器疾患", "眼科", "皮膚科"],
    "ko": ["종양", "당뇨병", "심혈관 질환", "감염병", "알츠하이머병", "희귀질환", "면역질환",
           "호흡기 질환", "안과", "피부과"],
    "de": ["die Onkologie", "Diabetes", "die Kardiologie", "Infektionskrankheiten",
           "die Alzheimer-Krankheit", "seltene Erkrankungen", "die Immunologie",
           "Atemwegserkrankungen", "die Augenheilkunde", "die Dermatologie"],
    "fr": ["l'oncologie", "le diabète", "la cardiologie", "les maladies infectieuses",
           "la maladie d'Alzheimer", "les maladies rares", "l'immunologie",
           "les maladies respiratoires", "l'ophtalmologie", "la dermatologie"],
}  # fmt: skip
_LOCAL = {
    "zh": {
        "offer": [
            "我们为{app}领域提供{tech}。",
            "我们开发用于{app}的{tech}。",
            "我们授权{app}领域的{tech}技术。",
        ],
        "seek": [
            "我们正在{market}寻找{service}，推进{tech}项目。",
            "我们寻求{service}，将用于{app}的{tech}推向{market}。",
        ],
        "services": ["授权合作伙伴", "共同开发伙伴", "经销商", "投资者", "CDMO", "临床研究中心"],
        "markets": ["中国", "日本", "韩国", "欧洲", "美国", "东南亚"],
        "generic": [
            "我们的团队在该领域拥有丰富经验。",
            "项目有同行评审的数据支持。",
            "我们拥有符合国际质量标准的认证设施。",
            "签署保密协议后可提供数据。",
            "我们对多种合作形式持开放态度。",
            "下一阶段的资金已部分落实。",
        ],
        "title": "{tech}：{app}",
        "places": ["泰州", "上海", "苏州", "北京", "深圳", "杭州", "武汉", "成都"],
        "cores": ["生物", "医药", "基因", "诊断", "医疗器械", "细胞", "健康", "生命科学"],
        "name": "{place}{core}{suffix}",
        "suffixes": {
            "company": ["有限公司", "股份有限公司", "科技有限公司"],
            "research_group": ["研究组", "重点实验室"],
            "university": ["大学", "医学院"],
            "hospital": ["医院", "人民医院"],
            "investor": ["创投", "资本"],
            "service_provider": ["检测中心", "技术服务有限公司"],
            "public_agency": ["管理委员会", "促进中心"],
        },
    },
    "ja": {
        "offer": [
            "当社は{app}向けの{tech}を提供しています。",
            "{app}領域で{tech}を開発しています。",
            "{app}向け{tech}のライセンスを提供します。",
        ],
        "seek": [
            "{tech}の開発のため、{market}の{service}を探しています。",
            "{app}向け{tech}を{market}で展開する{service}を募集しています。",
        ],
        "services": [
            "ライセンス先",
            "共同開発パートナー",
            "販売代理店",
            "投資家",
            "CDMO",
            "臨床試験施設",
        ],
        "markets": ["日本", "中国", "韓国", "欧州", "米国", "アジア"],
        "generic": [
            "当社のチームはこの分野で長い経験があります。",
            "査読付きのデータに裏付けられています。",
            "国際品質基準に準拠した認証施設を有しています。",
            "秘密保持契約の締結後にデータを開示できます。",
            "さまざまな形の協業に柔軟に対応します。",
            "次の段階の資金は一部確保済みです。",
        ],
        "title": "{app}向け{tech}",
        "places": ["東京", "大阪", "神戸", "京都", "横浜", "名古屋", "つくば", "札幌"],
        "cores": [
            "バイオ",
            "ファーマ",
            "メディカル",
            "ジェネティクス",
            "診断",
            "細胞医療",
            "ヘルスケア",
            "ライフサイエンス",
        ],
        "name": "{place}{core}{suffix}",
        "suffixes": {
            "company": ["株式会社", "合同会社"],
            "research_group": ["研究室"],
            "university": ["大学"],
            "hospital": ["病院", "医療センター"],
            "investor": ["キャピタル", "ベンチャーズ"],
            "service_provider": ["受託研究所", "分析センター"],
            "public_agency": ["振興財団", "推進機構"],
        },
    },
    "ko": {
        "offer": [
            "저희는 {app} 분야의 {tech} 기술을 제공합니다.",
            "{app} 치료를 위한 {tech}를 개발합니다.",
            "{app} 분야 {tech}의 라이선스를 제공합니다.",
        ],
        "seek": [
            "{tech} 프로그램을 위해 {market}에서 {service}를 찾고 있습니다.",
            "{app}용 {tech}를 {market}에 출시할 {service}를 찾습니다.",
        ],
        "services": [
            "라이선스 파트너",
            "공동 개발 파트너",
            "유통사",
            "투자자",
            "CDMO",
            "임상시험 기관",
        ],
        "markets": ["한국", "중국", "일본", "유럽", "미국", "아시아"],
        "generic": [
            "저희 팀은 이 분야에서 오랜 경험을 갖고 있습니다.",
            "동료 심사를 거친 데이터로 뒷받침됩니다.",
            "국제 품질 기준을 충족하는 인증 시설을 보유하고 있습니다.",
            "비밀유지계약 체결 후 데이터를 공유할 수 있습니다.",
            "다양한 형태의 협력에 열려 있습니다.",
            "다음 단계의 자금은 일부 확보되었습니다.",
        ],
        "title": "{app} 분야 {tech}",
        "places": ["서울", "인천", "대구", "오송", "판교", "부산", "대전", "광주"],
        "cores": ["바이오", "제약", "메디컬", "진단", "셀", "헬스케어", "생명과학", "유전체"],
        "name": "{place}{core} {suffix}",
        "suffixes": {
            "company": ["주식회사"],
            "research_group": ["연구실"],
            "university": ["대학교"],
            "hospital": ["병원", "의료원"],
            "investor": ["벤처스", "캐피탈"],
            "service_provider": ["분석센터", "CRO"],
            "public_agency": ["진흥원", "재단"],
        },
    },
    "de": {
        "offer": [
            "Wir bieten {tech} für {app}.",
            "Wir entwickeln {tech} für {app}.",
            "Wir lizenzieren unsere {tech} für {app}.",
        ],
        "seek": [
            "Wir suchen {service} in {market} für unser Programm ({tech}).",
            "Wir suchen {service} mit Erfahrung in {app}.",
        ],
        "services": [
            "einen Lizenzpartner",
            "einen Entwicklungspartner",
            "einen Vertriebspartner",
            "einen Investor",
            "ein CDMO",
            "klinische Zentren",
        ],
        "markets": ["Deutschland", "China", "Japan", "Korea", "Europa", "den USA"],
        "generic": [
            "Unser Team verfügt über langjährige Erfahrung auf diesem Gebiet.",
            "Das Projekt wird durch begutachtete Daten gestützt.",
            "Wir arbeiten in zertifizierten Anlagen nach internationalen Standards.",
            "Daten sind unter einer Vertraulichkeitsvereinbarung verfügbar.",
            "Wir sind offen für verschiedene Formen der Zusammenarbeit.",
            "Die Finanzierung der nächsten Phase ist teilweise gesichert.",
        ],
        "title": "{tech} für {app}",
        "places": ["Heidelberg", "München", "Berlin", "Bergstraße", "Jena", "Tübingen", "Köln"],
        "cores": ["Biotech", "Pharma", "Diagnostik", "Medizintechnik", "Zelltherapie", "Genomik"],
        "name": "{place} {core} {suffix}",
        "suffixes": {
            "company": ["GmbH", "AG"],
            "research_group": ["Arbeitsgruppe"],
            "university": ["Universitätsinstitut"],
            "hospital": ["Klinikum"],
            "investor": ["Beteiligungen"],
            "service_provider": ["Auftragsforschung"],
            "public_agency": ["Förderagentur"],
        },
    },
    "fr": {
        "offer": [
            "Nous proposons des {tech} pour {app}.",
            "Nous développons des {tech} pour {app}.",
            "Nous concédons sous licence nos {tech} pour {app}.",
        ],
        "seek": [
            "Nous recherchons {service} en {market} pour notre programme ({tech}).",
            "Nous cherchons {service} ayant une expérience de {app}.",
        ],
        "services": [
            "un partenaire de licence",
            "un partenaire de co-développement",
            "un distributeur",
            "un investisseur",
            "un CDMO",
            "des centres cliniques",
        ],
        "markets": ["France", "Chine", "Japon", "Corée", "Europe", "Amérique du Nord"],
        "generic": [
            "Notre équipe possède une longue expérience dans le domaine.",
            "Le projet s'appuie sur des données évaluées par les pairs.",
            "Nos installations certifiées respectent les normes internationales.",
            "Les données sont disponibles sous accord de confidentialité.",
            "Nous sommes ouverts à plusieurs formes de collaboration.",
            "Le financement de la phase suivante est en partie acquis.",
        ],
        "title": "{tech} pour {app}",
        "places": ["Lyon", "Paris", "Grenoble", "Toulouse", "Strasbourg", "Marseille", "Nantes"],
        "cores": ["Biotech", "Pharma", "Diagnostic", "Thérapies", "Génomique", "Santé"],
        "name": "{place} {core} {suffix}",
        "suffixes": {
            "company": ["SAS", "SA"],
            "research_group": ["Équipe de recherche"],
            "university": ["Université"],
            "hospital": ["Centre hospitalier"],
            "investor": ["Capital"],
            "service_provider": ["Services"],
            "public_agency": ["Agence"],
        },
    },
}
# CJK terms the benchmark times (antibody in Chinese and Japanese, diagnostics, oncology,
# diagnostics and cancer in Japanese, antibody and diagnostics in Korean). Measured at scale
# 0.1: each hits 0.4-2.1 % of the organizations and 0.4-1.6 % of the opportunities (the English
# terms 0.5-7.7 %).
CJK_SEARCH_TERMS = ["抗体", "诊断", "肿瘤", "診断", "がん", "항체", "진단"]


def content_language(rng: random.Random, country: str) -> str:
    """The language an organization of a cluster in `country` writes in."""
    language = LANGUAGE_BY_COUNTRY.get(country, "en")
    if language != "en" and rng.random() < LOCAL_LANGUAGE_SHARE[language]:
        return language
    return "en"


class LocalTheme(Theme):
    """A theme written in `language` (one of LANGUAGE_BY_COUNTRY's values)."""

    def __init__(self, rng: random.Random, language: str):
        super().__init__(rng)
        self.language = language
        self.words = _LOCAL[language]
        index = TECHNOLOGIES.index(self.tech)
        techs, apps = _TECH_TRANSLATIONS[language], _APP_TRANSLATIONS[language]
        self.tech = techs[index] if index < len(techs) else self.tech
        index = APPLICATIONS.index(self.app)
        self.app = apps[index] if index < len(apps) else self.app

    def _fill(self, template: str) -> str:
        rng = self.rng
        text = template.format(
            tech=self.tech,
            app=self.app,
            service=rng.choice(self.words["services"]),
            market=rng.choice(self.words["markets"]),
        )
        return text[0].upper() + text[1:]

    def offer(self) -> str:
        return self._fill(self.rng.choice(self.words["offer"]))

    def seek(self) -> str:
        return self._fill(self.rng.choice(self.words["seek"]))

    def paragraph(self, sentences: int) -> str:
        rng = self.rng
        parts = [self.offer() if rng.random() < 0.6 else self.seek()]
        generic = self.words["generic"]
        parts += rng.sample(generic, min(len(generic), max(0, sentences - 1)))
        if sentences >= 4:
            parts.insert(2, self.seek())
        separator = "" if self.language in ("zh", "ja") else " "
        return separator.join(parts)

    def title(self, type_label: str) -> str:
        return self._fill(self.words["title"])[:120]


def theme_in(rng: random.Random, language: str) -> Theme:
    return Theme(rng) if language == "en" else LocalTheme(rng, language)


def local_organization_name(rng: random.Random, kind: str, language: str) -> str:
    if language == "en":
        return organization_name(rng, kind)
    words = _LOCAL[language]
    return words["name"].format(
        place=rng.choice(words["places"]),
        core=rng.choice(words["cores"]),
        suffix=rng.choice(words["suffixes"][kind]),
    )
