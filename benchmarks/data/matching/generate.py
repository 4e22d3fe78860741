"""Writes the matching evaluation set from the team's hand-written templates, archetypes and rules.

    .venv/bin/python benchmarks/data/matching/generate.py

Deterministic (fixed seed); run it again after changing a template and commit the JSONL files it
writes next to itself. It never imports Silkbridge: the judgements come from ``rules.py`` applied
to the annotations below (what each organisation offers and seeks), not from any ranking system.
See README.md in this folder for what is in the set and how it was made.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import handwritten  # noqa: E402
from concepts import AC, AS, AU, BY_KEY, CO, FIELDS  # noqa: E402
from rules import grade_item_for_org, grade_org_for_item, grade_partner  # noqa: E402

SEED = 20260601
AS_OF = date(2026, 6, 1)
OTHER = {"KZ": "PK", "PK": "KZ"}

# --- archetypes of companies -------------------------------------------------------------
# (key, offers always, offers maybe, needs pool, (min, max) needs, weight KZ, weight PK, sizes,
#  name cores, one line about the business)
ARCHETYPES: list[tuple] = [
    (
        "ekyc_vendor",
        ["ekyc"],
        [],
        ["reseller", "sandbox", "market_entry", "hosting", "investment"],
        (1, 3),
        2,
        2,
        "SMM",
        ["ID", "Verify", "Trust"],
        "Regtech for banks and microfinance.",
    ),
    (
        "payments",
        ["payments"],
        ["wallet"],
        ["ekyc", "sandbox", "pentest", "reseller", "soc"],
        (1, 3),
        3,
        3,
        "SMML",
        ["Pay", "Checkout", "Pay Systems"],
        "A licensed payment service provider.",
    ),
    (
        "wallet_fintech",
        ["wallet"],
        [],
        ["ekyc", "open_banking", "payments", "investment", "sandbox"],
        (2, 3),
        2,
        3,
        "SSM",
        ["Wallet", "Cash", "Money"],
        "A consumer fintech for everyday payments.",
    ),
    (
        "digital_bank",
        ["wallet"],
        [],
        ["core_banking", "ekyc", "open_banking", "soc", "crm", "data"],
        (2, 3),
        2,
        2,
        "LE",
        ["Bank"],
        "A licensed bank building its digital channels.",
    ),
    (
        "core_banking_vendor",
        ["core_banking", "open_banking"],
        [],
        ["reseller", "qa", "staff_aug"],
        (1, 2),
        1,
        1,
        "ML",
        ["Banking Systems", "Ledger"],
        "Banking software vendor.",
    ),
    (
        "insurer",
        [],
        [],
        ["insurtech", "crm", "ekyc", "bpo"],
        (1, 3),
        2,
        2,
        "LE",
        ["Insurance", "Assurance"],
        "An insurance company with retail and motor lines.",
    ),
    (
        "insurtech",
        ["insurtech"],
        [],
        ["reseller", "hosting", "investment"],
        (1, 2),
        1,
        1,
        "SS",
        ["Cover", "Claims"],
        "Insurance software.",
    ),
    (
        "erp_integrator",
        ["erp"],
        ["crm", "rpa"],
        ["staff_aug", "localisation", "market_entry", "reseller"],
        (1, 2),
        3,
        2,
        "SMM",
        ["Soft", "Systems", "Business Solutions"],
        "Business software integrator.",
    ),
    (
        "crm_vendor",
        ["crm"],
        [],
        ["reseller", "localisation", "bpo"],
        (1, 2),
        1,
        1,
        "SM",
        ["CRM", "Clients"],
        "Sales and service software.",
    ),
    (
        "rpa_vendor",
        ["rpa"],
        [],
        ["reseller", "training"],
        (1, 2),
        1,
        1,
        "SS",
        ["Automation", "Bots"],
        "Automation specialists.",
    ),
    (
        "data_centre",
        ["hosting"],
        ["cloud_migration"],
        ["soc", "reseller", "metering"],
        (1, 2),
        2,
        2,
        "LE",
        ["Cloud", "Data Centre"],
        "Operator of data centres.",
    ),
    (
        "cloud_consultancy",
        ["cloud_migration", "devops"],
        [],
        ["hosting", "reseller", "staff_aug"],
        (1, 2),
        1,
        2,
        "SM",
        ["Cloud", "Ops"],
        "Cloud engineering consultancy.",
    ),
    (
        "security_firm",
        ["pentest"],
        ["soc"],
        ["reseller", "market_entry", "training"],
        (1, 2),
        2,
        2,
        "SMM",
        ["Secure", "Cyber", "Shield"],
        "Information security company.",
    ),
    (
        "gis_company",
        ["gis"],
        [],
        ["reseller", "data", "investment"],
        (1, 2),
        2,
        2,
        "SM",
        ["Geo", "Maps", "Survey"],
        "Geospatial company.",
    ),
    (
        "agritech",
        ["precision_ag"],
        [],
        ["investment", "gis", "research_agri", "reseller"],
        (1, 3),
        2,
        2,
        "MS",
        ["Agro", "Farm", "Field"],
        "Agritech startup.",
    ),
    (
        "logistics_software",
        ["fleet"],
        ["warehouse"],
        ["reseller", "mobile_dev", "market_entry"],
        (1, 2),
        2,
        1,
        "SM",
        ["Logistics", "Track", "Route"],
        "Software for carriers and shippers.",
    ),
    (
        "edtech",
        ["lms"],
        [],
        ["localisation", "investment", "reseller"],
        (1, 2),
        2,
        2,
        "SSM",
        ["Learn", "Academy", "Edu"],
        "Education technology company.",
    ),
    (
        "healthtech",
        ["his"],
        [],
        ["reseller", "hosting", "research_health"],
        (1, 2),
        2,
        2,
        "SM",
        ["Health", "Med", "Care"],
        "Health software company.",
    ),
    (
        "ai_lab",
        ["nlp"],
        ["cv_inspection"],
        ["talent", "research_ai", "data", "investment"],
        (1, 3),
        2,
        2,
        "SS",
        ["AI", "Intelligence", "Labs"],
        "Applied AI company.",
    ),
    (
        "cv_company",
        ["cv_inspection"],
        ["smart_city"],
        ["reseller", "research_ai", "talent"],
        (1, 2),
        1,
        1,
        "SM",
        ["Vision", "Sight"],
        "Computer vision company.",
    ),
    (
        "industrial_iot",
        ["predictive"],
        ["metering"],
        ["reseller", "data"],
        (1, 2),
        2,
        1,
        "SM",
        ["Industrial", "Sensors", "IIoT"],
        "Industrial automation company.",
    ),
    (
        "software_house",
        ["staff_aug"],
        ["web", "mobile_dev", "qa", "ux", "internships"],
        ["reseller", "market_entry", "talent"],
        (1, 2),
        2,
        8,
        "MMLSS",
        ["Soft", "Technologies", "Solutions", "Labs"],
        "Software services export.",
    ),
    (
        "qa_company",
        ["qa"],
        ["internships"],
        ["market_entry", "reseller"],
        (1, 2),
        1,
        2,
        "SM",
        ["QA", "Test"],
        "Independent testing company.",
    ),
    (
        "bpo_company",
        ["bpo"],
        ["localisation"],
        ["crm", "market_entry", "rpa"],
        (1, 2),
        1,
        3,
        "ML",
        ["Contact", "Support", "Services"],
        "Outsourcing of customer operations.",
    ),
    (
        "translation",
        ["localisation"],
        [],
        ["nlp", "market_entry"],
        (1, 2),
        2,
        1,
        "MS",
        ["Lingua", "Translate"],
        "Translation agency.",
    ),
    (
        "ux_agency",
        ["ux"],
        ["web"],
        ["reseller", "market_entry"],
        (1, 1),
        1,
        2,
        "MS",
        ["Design", "Studio"],
        "Design agency.",
    ),
    (
        "data_company",
        ["data"],
        ["internships"],
        ["staff_aug", "hosting", "talent"],
        (1, 2),
        2,
        2,
        "SM",
        ["Data", "Analytics", "Insights"],
        "Data and analytics consultancy.",
    ),
    (
        "blockchain",
        ["traceability"],
        [],
        ["investment", "reseller"],
        (1, 2),
        1,
        1,
        "MS",
        ["Chain", "Ledger"],
        "Blockchain company.",
    ),
    (
        "ecommerce_platform",
        ["ecommerce"],
        [],
        ["payments", "marketing", "fleet", "warehouse"],
        (1, 3),
        2,
        2,
        "SM",
        ["Market", "Shop", "Bazaar"],
        "Online retail technology.",
    ),
    (
        "marketing_agency",
        ["marketing"],
        [],
        ["market_entry"],
        (1, 1),
        1,
        2,
        "MS",
        ["Media", "Digital", "Growth"],
        "Marketing agency.",
    ),
    (
        "game_studio",
        ["games"],
        ["arvr"],
        ["investment", "talent", "localisation"],
        (1, 2),
        1,
        2,
        "SS",
        ["Games", "Play", "Studios"],
        "Game studio.",
    ),
    (
        "arvr_company",
        ["arvr"],
        [],
        ["reseller", "investment"],
        (1, 2),
        1,
        1,
        "MS",
        ["Reality", "XR"],
        "Immersive technology company.",
    ),
    (
        "telecom_engineering",
        ["telecom"],
        [],
        ["staff_aug", "reseller"],
        (1, 2),
        1,
        1,
        "ML",
        ["Telecom", "Networks"],
        "Telecom engineering services.",
    ),
    (
        "egov_integrator",
        ["egov_portal", "eproc"],
        ["gov_digital_id", "smart_city"],
        ["staff_aug", "qa", "localisation", "market_entry"],
        (1, 2),
        2,
        2,
        "MLE",
        ["Systems", "Technologies", "GovTech"],
        "System integrator for the public sector.",
    ),
    (
        "smart_city_vendor",
        ["smart_city"],
        ["cv_inspection"],
        ["reseller"],
        (1, 1),
        1,
        1,
        "ML",
        ["City", "Safe City"],
        "Urban technology vendor.",
    ),
    (
        "tourism_platform",
        ["tourism"],
        [],
        ["payments", "marketing", "mobile_dev"],
        (1, 2),
        1,
        1,
        "SS",
        ["Travel", "Trips"],
        "Online travel company.",
    ),
    (
        "system_integrator",
        ["reseller"],
        ["crm"],
        ["training", "staff_aug"],
        (1, 2),
        4,
        1,
        "MML",
        ["Integration", "Systems", "IT Group"],
        "IT distributor and integrator.",
    ),
    (
        "training_company",
        ["training"],
        ["lms"],
        ["market_entry", "localisation"],
        (1, 2),
        1,
        2,
        "SM",
        ["Academy", "Skills"],
        "IT training provider.",
    ),
    (
        "vc_fund",
        ["investment"],
        [],
        [],
        (0, 0),
        1,
        1,
        "S",
        ["Ventures", "Capital"],
        "Early-stage technology investor.",
    ),
    # Organisations outside IT that seek technology and offer nothing an IT partner seeks.
    (
        "textile_mill",
        [],
        [],
        ["textile_mes", "erp", "traceability", "cv_inspection"],
        (1, 2),
        1,
        4,
        "MLL",
        ["Textiles", "Mills", "Garments"],
        "Spinning, weaving and garments for export.",
    ),
    (
        "mining_company",
        [],
        [],
        ["predictive", "arvr", "data", "soc", "cv_inspection"],
        (1, 3),
        3,
        1,
        "LE",
        ["Mining", "Metals", "Resources"],
        "Mining and metallurgy group.",
    ),
    (
        "energy_utility",
        [],
        [],
        ["metering", "gis", "soc", "erp"],
        (1, 3),
        2,
        2,
        "LE",
        ["Energy", "Power", "Electric"],
        "Electricity distribution company.",
    ),
    (
        "logistics_operator",
        [],
        [],
        ["fleet", "warehouse", "traceability", "erp"],
        (1, 2),
        2,
        2,
        "ML",
        ["Cargo", "Freight", "Express"],
        "Freight forwarder and carrier.",
    ),
    (
        "retailer",
        [],
        [],
        ["ecommerce", "payments", "crm", "marketing"],
        (1, 3),
        2,
        2,
        "ML",
        ["Retail", "Stores", "Mart"],
        "Retail chain.",
    ),
    (
        "hospital_chain",
        [],
        [],
        ["his", "hosting", "data"],
        (1, 2),
        1,
        2,
        "ML",
        ["Hospitals", "Clinics", "Medical Centre"],
        "Private hospitals and clinics.",
    ),
    (
        "telecom_operator",
        ["hosting"],
        ["wallet"],
        ["telecom", "bpo", "crm", "soc"],
        (2, 3),
        1,
        1,
        "E",
        ["Telecom", "Mobile"],
        "Mobile and fixed-line operator.",
    ),
    (
        "agri_holding",
        [],
        [],
        ["precision_ag", "gis", "traceability", "erp"],
        (1, 3),
        2,
        2,
        "ML",
        ["Agro", "Farms", "Grain"],
        "Agricultural producer.",
    ),
]

SIZE_CODE = {"M": "medium", "S": "small", "L": "large", "E": "enterprise"}
SIZE_WORD = {
    "micro": "small team",
    "small": "small company",
    "medium": "mid-sized company",
    "large": "large company",
    "enterprise": "group",
}
NAME_ROOTS = {
    "KZ": [
        "Steppe",
        "Altyn",
        "Tengri",
        "Qazaq",
        "Nomad",
        "Saryarka",
        "Aspan",
        "Zhuldyz",
        "Ertis",
        "Alatau",
        "Orda",
        "Sunkar",
        "Kaspiy",
        "Turan",
        "Dala",
        "Esil",
        "Bulut",
        "Kokshe",
        "Ulytau",
        "Kyran",
        "Arna",
        "Baikonyr",
        "Tulpar",
        "Shanyrak",
        "Kumis",
    ],
    "PK": [
        "Indus",
        "Ravi",
        "Chenab",
        "Margalla",
        "Karakoram",
        "Mehran",
        "Noor",
        "Sitara",
        "Shaheen",
        "Taxila",
        "Hunza",
        "Potohar",
        "Zaitoon",
        "Qalam",
        "Roshni",
        "Jhelum",
        "Kirthar",
        "Sutlej",
        "Deosai",
        "Chitral",
        "Gwadar",
        "Makran",
        "Attock",
        "Lyari",
    ],
}
SUFFIX = {"KZ": ["LLP", "JSC", "LLP", ""], "PK": ["(Pvt) Ltd", "(Pvt) Ltd", "", "Pakistan"]}
CITIES = {
    "KZ": [
        "Almaty",
        "Almaty",
        "Astana",
        "Astana",
        "Shymkent",
        "Karaganda",
        "Aktobe",
        "Pavlodar",
        "Ust-Kamenogorsk",
        "Atyrau",
        "Kostanay",
    ],
    "PK": [
        "Karachi",
        "Karachi",
        "Lahore",
        "Lahore",
        "Islamabad",
        "Islamabad",
        "Rawalpindi",
        "Faisalabad",
        "Peshawar",
        "Multan",
        "Quetta",
        "Sialkot",
    ],
}

# --- real universities (names from data/raw/universities) with the team's choice of fields ---
UNIVERSITIES = {
    "KZ": [
        ("Nazarbayev University", "large", ["ai", "engineering"]),
        ("Al-Farabi Kazakh National University", "enterprise", ["cs", "business"]),
        ("L.N. Gumilyov Eurasian National University", "enterprise", ["cs", "engineering"]),
        ("Kazakh British Technical University", "large", ["cs", "engineering"]),
        ("Suleyman Demirel University", "large", ["cs", "business"]),
        ("Kazak National Technical University", "enterprise", ["engineering", "cs"]),
        ("International Kazakh-Turkish University", "large", ["health", "cs"]),
        ("Kazak State University of Agriculture", "large", ["agri"]),
        ("Western Kazakhstan Agricultural University", "medium", ["agri"]),
        ("Semey State Medical University", "large", ["health"]),
        ("Karaganda State Technical University", "large", ["engineering"]),
        ("Karaganda State Buketov University", "large", ["cs", "business"]),
        ("Turar Ryskulov Kazakh Economic University", "large", ["business"]),
        ("University of International Business", "medium", ["business"]),
        (
            "Kazakhstan Institute of Management, Economics, and Strategic Research",
            "medium",
            ["business", "ai"],
        ),
        ("Kazak American University", "medium", ["business", "cs"]),
        ("East Kazakstan State Technical University", "large", ["engineering"]),
        ("Atyrau State University", "medium", ["engineering"]),
        ("Kostanai State University", "medium", ["agri"]),
        ("Zhezkazgan Baikonurov University", "medium", ["engineering"]),
        ("North Kazakhstan State University", "medium", ["agri", "cs"]),
        ("Abylai Khan University", "medium", ["business"]),
        ("Zhetysu State University", "medium", ["agri"]),
        ("Semey State University", "medium", ["cs"]),
        ("Pavlodar University", "medium", ["engineering"]),
    ],
    "PK": [
        ("Lahore University of Management Sciences", "large", ["ai", "business"]),
        ("National University of Science and Technology", "enterprise", ["ai", "engineering"]),
        (
            "FAST - National University of Computer and Emerging Sciences (NUCES)",
            "large",
            ["cs", "ai"],
        ),
        ("Information Technology University, Lahore", "medium", ["ai", "cs"]),
        ("COMSATS Institute of Information Technology", "enterprise", ["cs"]),
        ("Ghulam Ishaq Khan Institute of Science & Technology", "medium", ["engineering", "cs"]),
        (
            "Pakistan Institute of Engineering and Applied Sciences (PIEAS)",
            "medium",
            ["engineering", "ai"],
        ),
        ("University of Engineering and Technology Lahore", "enterprise", ["engineering", "cs"]),
        ("University of Engineering and Technology Peshawar", "large", ["engineering"]),
        ("NED University of Engineering and Technology Karachi", "large", ["engineering", "cs"]),
        ("Mehran University of Engineering & Technology", "large", ["engineering"]),
        ("Institute of Business Administration (IBA)", "large", ["business"]),
        ("Institute of Business Administration Sukkur", "medium", ["business", "cs"]),
        ("Aga Khan University", "large", ["health"]),
        ("Dow University of Health Sciences", "large", ["health"]),
        ("Liaquat University of Medical & Health Sciences Jamshoro", "large", ["health"]),
        ("University of Agriculture Faisalabad", "large", ["agri"]),
        ("Arid Agriculture University", "medium", ["agri"]),
        ("Sindh Agricultural University", "medium", ["agri"]),
        ("The University of Agriculture, Peshawar", "medium", ["agri"]),
        ("Nuclear Institute for Agriculture and Biology (NIAB)", "medium", ["agri"]),
        ("Textile Institute of Pakistan", "small", ["textile"]),
        ("Faisalabad Institute of Textile and Fashion Design", "small", ["textile"]),
        ("University of the Punjab", "enterprise", ["cs", "business"]),
        ("Quaid-i-Azam University", "large", ["ai"]),
        ("University of Karachi", "enterprise", ["cs", "business"]),
        ("Air University", "large", ["cs", "engineering"]),
        ("Bahria University", "large", ["cs", "business"]),
        ("Institute of Space Technology", "medium", ["engineering", "ai"]),
        (
            "Balochistan University of Information Technology & Management Sciences",
            "medium",
            ["cs"],
        ),
        ("Capital University of Science & Technology", "medium", ["cs"]),
        ("Riphah International Univeristy", "large", ["health", "cs"]),
        ("University of Central Punjab", "large", ["cs", "business"]),
        ("University of Management and Technology", "large", ["business", "cs"]),
        ("Karachi Institute Of Economics And Technology", "medium", ["business"]),
        ("Sir Syed University of Engineering and Technology", "medium", ["engineering", "cs"]),
        ("Hamdard University", "medium", ["health"]),
        ("Kohat University of Science and Technology (KUST)", "medium", ["cs"]),
    ],
}
# Language universities offer translation; open universities run e-learning.
UNIVERSITY_EXTRA = {
    "Abylai Khan University": (["localisation"], []),
    "Virtual University of Pakistan": (["lms"], []),
    "National University of Modern Languages": (["localisation"], []),
    "Allama Iqbal Open University": (["lms"], []),
}
UNIVERSITIES["PK"] += [
    ("Virtual University of Pakistan", "large", ["cs"]),
    ("National University of Modern Languages", "large", ["business"]),
    ("Allama Iqbal Open University", "enterprise", ["business"]),
]

# --- real authorities and associations (data/curated) with illustrative offers and needs -----
# The needs of real public bodies here are invented for the evaluation; they do not describe any
# body's actual plans or procurement.
PUBLIC_BODIES = {
    "MDDIAI": (["policy", "market_entry"], ["policy", "soc", "training", "telecom"]),
    "NIT": (["policy"], ["egov_portal", "pentest", "qa", "data"]),
    "Gov4C": ([], ["gov_digital_id", "egov_portal", "bpo", "crm"]),
    "Astana Hub": (["market_entry", "investment", "training", "assoc_coop"], ["assoc_coop"]),
    "QazInnovations": (["investment", "tech_transfer"], ["research_ai", "policy"]),
    "AIFC": (["sandbox", "market_entry"], ["ekyc", "policy"]),
    "ARDFM": (["sandbox"], ["open_banking", "policy"]),
    "NBK": (["policy"], ["open_banking", "soc"]),
    "MSHE": (["scholarships"], ["lms", "policy"]),
    "Kazakh Invest": (["market_entry", "investment"], []),
    "Embassy of Kazakhstan": (["market_entry"], []),
    "MoITT": (["policy", "market_entry"], ["policy", "telecom", "training"]),
    "PSEB": (["market_entry"], ["policy"]),
    "P@SHA": (["market_entry", "assoc_coop", "training"], ["assoc_coop"]),
    "NITB": (["policy"], ["egov_portal", "eproc", "hosting", "pentest"]),
    "Ignite": (["investment", "training"], ["policy"]),
    "PTA": (["policy"], ["soc", "telecom"]),
    "STZA": (["market_entry", "investment"], ["policy"]),
    "HEC": (["scholarships"], ["lms", "policy"]),
    "SBP": (["sandbox", "policy"], ["open_banking", "soc"]),
    "SECP": (["sandbox"], ["eproc", "ekyc"]),
    "BOI": (["market_entry"], []),
    "TDAP": (["market_entry"], []),
    "PITB": (["market_entry", "policy"], ["egov_portal", "gis", "smart_city", "training"]),
    "KPITB": (["training", "policy"], ["egov_portal", "lms", "gis"]),
    "NADRA": (["gov_digital_id", "policy"], ["pentest", "soc", "hosting"]),
    "Embassy of Pakistan": (["market_entry"], []),
}
FICTIONAL_BODIES = [
    (
        "KZ",
        AU,
        "Digitalisation Office of Pavlodar Region",
        "Pavlodar",
        [],
        ["egov_portal", "smart_city", "gis", "training"],
    ),
    ("KZ", AU, "Karaganda Regional Health Department", "Karaganda", [], ["his", "data"]),
    ("KZ", AU, "Almaty City Transport Office", "Almaty", [], ["smart_city", "fleet"]),
    ("PK", AU, "Sindh Digital Services Cell", "Karachi", [], ["egov_portal", "lms", "gis"]),
    ("PK", AU, "Balochistan Land Records Programme", "Quetta", [], ["gis", "eproc"]),
    ("PK", AU, "Multan Smart Traffic Unit", "Multan", [], ["smart_city"]),
    (
        "KZ",
        AS,
        "Eurasian Fintech Alliance",
        "Almaty",
        ["market_entry", "assoc_coop"],
        ["assoc_coop"],
    ),
    (
        "KZ",
        AS,
        "Kazakhstan Agritech Cluster",
        "Astana",
        ["market_entry", "assoc_coop"],
        ["assoc_coop", "research_agri"],
    ),
    (
        "KZ",
        AS,
        "Almaty Software Exporters' Club",
        "Almaty",
        ["market_entry", "assoc_coop"],
        ["assoc_coop"],
    ),
    ("KZ", AS, "Women in Tech Kazakhstan Circle", "Almaty", ["training"], ["assoc_coop"]),
    ("PK", AS, "Karachi Fintech Circle", "Karachi", ["market_entry", "assoc_coop"], ["assoc_coop"]),
    (
        "PK",
        AS,
        "Lahore Agritech Network",
        "Lahore",
        ["market_entry", "assoc_coop"],
        ["assoc_coop", "research_agri"],
    ),
    (
        "PK",
        AS,
        "Pakistan Textile Digitalisation Forum",
        "Faisalabad",
        ["assoc_coop"],
        ["assoc_coop", "textile_mes"],
    ),
    (
        "PK",
        AS,
        "Islamabad Startup Collective",
        "Islamabad",
        ["market_entry", "training"],
        ["assoc_coop"],
    ),
]

# --- text templates ---------------------------------------------------------------------
OFFER_EN = [
    "We offer {x}.",
    "Our main line of work is {x}.",
    "{short} provides {x} to clients at home and abroad.",
    "Specialists in {x}.",
    "We have delivered {x} for more than twenty clients.",
]
NEED_EN = [
    "We are looking for a partner for {x}.",
    "Seeking {x}.",
    "We need {x} for our next stage of growth.",
    "Interested in partners who can deliver {x}.",
    "We want to work with a provider of {x}.",
]
OFFER_RU = ["Мы предлагаем: {x}.", "Наше основное направление: {x}.", "Предлагаем партнёрам: {x}."]
NEED_RU = ["Ищем партнёра: {x}.", "Нам нужна помощь: {x}.", "Рассматриваем сотрудничество: {x}."]
OFFER_UR = ["ہم {x} فراہم کرتے ہیں۔", "ہماری مہارت: {x}۔"]
NEED_UR = ["ہمیں {x} کے لیے شراکت دار کی تلاش ہے۔", "ہمیں {x} درکار ہے۔"]
INTRO_EN = "{name} is a {size} in {city}. {blurb}"
INTRO_RU = "{name} — {size_ru}, {city}."
INTRO_UR = "{name} {city} میں قائم ادارہ ہے۔"
SIZE_RU = {
    "micro": "небольшая команда",
    "small": "небольшая компания",
    "medium": "компания",
    "large": "крупная компания",
    "enterprise": "группа компаний",
}
KIND_EN = {AC: "university", AU: "public body", AS: "association"}
KIND_RU = {AC: "университет", AU: "государственный орган", AS: "ассоциация"}
CITY_RU = {
    "Almaty": "Алматы",
    "Astana": "Астана",
    "Shymkent": "Шымкент",
    "Karaganda": "Караганда",
    "Aktobe": "Актобе",
    "Pavlodar": "Павлодар",
    "Ust-Kamenogorsk": "Усть-Каменогорск",
    "Atyrau": "Атырау",
    "Kostanay": "Костанай",
    "Semey": "Семей",
    "Zhezkazgan": "Жезказган",
    "Uralsk": "Уральск",
    "Taldykorgan": "Талдыкорган",
    "Petropavl": "Петропавловск",
}
FILLER_EN = [
    "Founded in {year}.",
    "Clients include banks, telecom operators and retailers.",
    "ISO 27001 and ISO 9001 certified.",
    "Our team works in agile sprints with weekly demos.",
    "We export services to the Gulf, Europe and Central Asia.",
    "Offices in two cities and a remote-first engineering team.",
    "Partner of major cloud and software vendors.",
]
FILLER_RU = [
    "Работаем с {year} года.",
    "Среди клиентов — банки и госорганы.",
    "Сертифицированы по ISO 27001.",
]

ITEM_TITLE = {
    ("offer", "en"): ["{X} for partners in {country}", "Offer: {x}", "Available now: {x}"],
    ("request", "en"): ["Seeking {x}", "Partner wanted: {x}", "Request for proposals: {x}"],
    ("offer", "ru"): ["Предложение: {x}", "Готовы предложить: {x}"],
    ("request", "ru"): ["Ищем партнёра: {x}", "Запрос: {x}"],
    ("offer", "ur"): ["پیشکش: {x}"],
    ("request", "ur"): ["درکار: {x}"],
}
ITEM_SUMMARY = {
    ("offer", "en"): "{short} offers {x} and can start a pilot within three months.",
    ("request", "en"): "{short} needs {x} and invites proposals from partners in {country}.",
    ("offer", "ru"): "{short} предлагает {x}; возможен пилотный проект.",
    ("request", "ru"): "{short} ищет исполнителя: {x}.",
    ("offer", "ur"): "{short} {x} کی پیشکش کرتا ہے۔",
    ("request", "ur"): "{short} کو {x} کے لیے شراکت دار درکار ہے۔",
}
COUNTRY_EN = {"KZ": "Kazakhstan", "PK": "Pakistan"}
STOP = frozenset(
    {"a", "an", "and", "the", "of", "for", "in", "on", "to", "with", "from", "by", "at", "as"}
    | {"or", "our", "we"}
)


def tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"\w+", text.lower()) if t not in STOP and len(t) > 1}


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.orgs: list[dict] = []
        self.items: list[dict] = []
        self.annotations: dict[str, dict] = {}  # id -> judge-only facts
        self.used_names: set[str] = set()
        self.counter = Counter()

    # -- helpers ----------------------------------------------------------------------
    def next_id(self, prefix: str) -> str:
        self.counter[prefix] += 1
        return f"{prefix}-{self.counter[prefix]:04d}"

    def form(self, concept: str, lang: str) -> str:
        k = BY_KEY[concept]
        pool = {"en": k.en, "ru": k.ru, "ur": k.ur}[lang]
        return self.rng.choice(pool)

    def languages(self, country: str, kind: str) -> list[str]:
        r = self.rng.random
        if country == "KZ":
            langs = ["ru"] + (["kk"] if r() < 0.7 else [])
            if kind != CO or r() < 0.8:
                langs.append("en")
            if r() < 0.05:
                langs.append("tr")
        else:
            langs = ["en"] + (["ur"] if r() < 0.9 else [])
            if r() < 0.06:
                langs.append("ru")
            if r() < 0.05:
                langs.append("ar")
        order = ["en", "ru", "kk", "ur", "tr", "ar"]
        return sorted(set(langs), key=order.index)

    def text_language(self, country: str, langs: list[str]) -> str:
        if "en" not in langs:
            return "ru" if country == "KZ" else "ur"
        if country == "KZ" and self.rng.random() < 0.15:
            return "ru"
        if country == "PK" and "ur" in langs and self.rng.random() < 0.1:
            return "ur"
        return "en"

    def tags(self, offers: list[str], needs: list[str], extra_sectors=()) -> dict[str, list[str]]:
        r = self.rng.random
        out: dict[str, set[str]] = {
            "sectors": set(extra_sectors),
            "technologies": set(),
            "services": set(),
        }
        if r() < 0.12:  # some profiles carry no tags at all
            return {k: sorted(v) for k, v in out.items()}
        for keys, p in ((offers, 0.85), (needs, 0.5)):
            for key in keys:
                k = BY_KEY[key]
                for vocab, slugs in (
                    ("sectors", k.sectors),
                    ("technologies", k.technologies),
                    ("services", k.services),
                ):
                    for s in slugs:
                        if r() < p:
                            out[vocab].add(s)
        if r() < 0.25:  # a stray tag, as real profiles have
            vocab = self.rng.choice(["sectors", "technologies"])
            pool = sorted({s for k in BY_KEY.values() for s in getattr(k, vocab)})
            out[vocab].add(self.rng.choice(pool))
        return {k: sorted(v) for k, v in out.items()}

    def describe(
        self, org: dict, offers: list[str], needs_in_text: list[str], lang: str, blurb: str
    ) -> tuple[str, dict[str, str]]:
        forms: dict[str, str] = {}
        short = org["short_name"] or org["name"]
        if lang == "en":
            size = KIND_EN.get(org["kind"]) or SIZE_WORD.get(org["size"], "company")
            parts = [
                INTRO_EN.format(name=org["name"], size=size, city=org["city"], blurb=blurb).strip()
            ]
        elif lang == "ru":
            size_ru = KIND_RU.get(org["kind"]) or SIZE_RU.get(org["size"], "организация")
            parts = [
                INTRO_RU.format(
                    name=org["name"], size_ru=size_ru, city=CITY_RU.get(org["city"], org["city"])
                )
            ]
        else:
            parts = [INTRO_UR.format(name=org["name"], city=org["city"])]
        offer_t = {"en": OFFER_EN, "ru": OFFER_RU, "ur": OFFER_UR}[lang]
        need_t = {"en": NEED_EN, "ru": NEED_RU, "ur": NEED_UR}[lang]
        for key in offers:
            forms[key] = self.form(key, lang)
            parts.append(self.rng.choice(offer_t).format(x=forms[key], short=short))
        for key in needs_in_text:
            f = self.form(key, lang)
            forms.setdefault(key, f)
            parts.append(self.rng.choice(need_t).format(x=f))
        filler = {"en": FILLER_EN, "ru": FILLER_RU, "ur": []}[lang]
        if filler:
            for s in self.rng.sample(filler, k=min(len(filler), self.rng.randint(0, 2))):
                parts.append(s.format(year=self.rng.randint(1998, 2023)))
        text = " ".join(parts)
        return text[0].upper() + text[1:], forms

    def add_org(
        self,
        country: str,
        kind: str,
        name: str,
        short: str,
        city: str,
        size: str,
        offers: list[str],
        needs: list[str],
        fictional: bool,
        blurb: str = "",
        langs: list[str] | None = None,
        extra_sectors=(),
        archetype: str = "",
    ) -> dict:
        langs = langs or self.languages(country, kind)
        lang = self.text_language(country, langs)
        org = {
            "id": self.next_id(country.lower()),
            "country": country,
            "kind": kind,
            "name": name,
            "short_name": short,
            "city": city,
            "size": size,
            "languages": langs,
            "fictional": fictional,
        }
        forced_items = [n for n in needs if self.rng.random() < 0.25]
        in_text = [n for n in needs if n not in forced_items]
        org["description"], forms = self.describe(
            org, offers, in_text, lang, blurb if lang == "en" else ""
        )
        org.update(self.tags(offers, needs, extra_sectors))
        self.orgs.append(org)
        self.annotations[org["id"]] = {
            "id": org["id"],
            "offers": offers,
            "needs": needs,
            "text_language": lang,
            "archetype": archetype,
            "forms": forms,
        }
        for key in offers:
            if self.rng.random() < 0.45:
                self.add_item(org, "offer", key, lang)
        for key in needs:
            if key in forced_items:
                self.add_item(org, "request", key, lang, force_published=True)
            elif self.rng.random() < 0.5:
                self.add_item(org, "request", key, lang)
        return org

    def add_item(
        self,
        org: dict,
        direction: str,
        key: str,
        lang: str,
        force_published: bool = False,
        status: str | None = None,
    ) -> dict:
        r = self.rng.random
        k = BY_KEY[key]
        if lang != "en" and r() < 0.3:
            lang = "en"
        x = self.form(key, lang)
        x2 = self.form(key, lang)
        title = self.rng.choice(ITEM_TITLE[(direction, lang)]).format(
            x=x, X=x[0].upper() + x[1:], country=COUNTRY_EN[OTHER[org["country"]]]
        )
        summary = ITEM_SUMMARY[(direction, lang)].format(
            x=x2, short=org["short_name"] or org["name"], country=COUNTRY_EN[OTHER[org["country"]]]
        )
        kinds = k.providers if direction == "request" else k.seekers
        partner_kinds: list[str] = []
        if r() < 0.5:
            partner_kinds = (
                sorted(kinds) if len(kinds) == 1 or r() < 0.5 else [self.rng.choice(sorted(kinds))]
            )
        if status is None:
            roll = r()
            if force_published or roll < 0.85:
                status = "published"
            else:
                status = "expired" if roll < 0.92 else ("closed" if roll < 0.96 else "draft")
        if status == "published":
            expires = AS_OF + timedelta(days=self.rng.randint(10, 300))
            if not force_published and r() < 0.03:  # stale: past its date, not yet swept
                expires = AS_OF - timedelta(days=self.rng.randint(1, 40))
        else:
            expires = AS_OF - timedelta(days=self.rng.randint(1, 200))
        item = {
            "id": self.next_id("item"),
            "org_id": org["id"],
            "direction": direction,
            "type": k.type,
            "title": title[0].upper() + title[1:],
            "summary": summary,
            "sectors": sorted(s for s in k.sectors if r() < 0.8),
            "technologies": sorted(t for t in k.technologies if r() < 0.8),
            "target_country": OTHER[org["country"]] if r() < 0.7 else "",
            "partner_kinds": partner_kinds,
            "languages": list(org["languages"]),
            "status": status,
            "expires_on": expires.isoformat(),
        }
        self.items.append(item)
        self.annotations[item["id"]] = {
            "id": item["id"],
            "concept": key,
            "text_language": lang,
            "forms": {key: x},
        }
        return item

    def company_name(self, country: str, cores: list[str]) -> str:
        for _ in range(100):
            name = f"{self.rng.choice(NAME_ROOTS[country])} {self.rng.choice(cores)}"
            suffix = self.rng.choice(SUFFIX[country])
            name = f"{name} {suffix}".strip()
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("ran out of names")

    # -- population -------------------------------------------------------------------
    def build(self) -> None:
        handwritten.add_orgs(self)
        self.add_public_bodies()
        self.add_universities()
        for country, n in (("KZ", 210), ("PK", 245)):
            weights = [a[5] if country == "KZ" else a[6] for a in ARCHETYPES]
            for _ in range(n):
                a = self.rng.choices(ARCHETYPES, weights=weights)[0]
                self.add_company(country, a)
        handwritten.add_items(self)

    def add_company(self, country: str, a: tuple) -> None:
        key, offers, maybe, needs_pool, (lo, hi), _wk, _wp, sizes, cores, blurb = a
        offers = list(offers) + [m for m in maybe if self.rng.random() < 0.4]
        if not offers and not needs_pool:
            return
        needs = self.rng.sample(needs_pool, k=self.rng.randint(lo, min(hi, len(needs_pool))))
        size = SIZE_CODE[self.rng.choice(sizes)]
        if size == "small" and self.rng.random() < 0.3:
            size = "micro"
        self.add_org(
            country,
            CO,
            self.company_name(country, cores),
            "",
            self.rng.choice(CITIES[country]),
            size,
            offers,
            needs,
            True,
            blurb,
            archetype=key,
        )

    def add_public_bodies(self) -> None:
        path = HERE.parents[2] / "data" / "curated" / "public_bodies_kz_pk.json"
        for body in json.loads(path.read_text(encoding="utf-8")):
            offers, needs = PUBLIC_BODIES[body["short_name"]]
            langs = ["en", "ru", "kk"] if body["country"] == "KZ" else ["en", "ur"]
            self.add_org(
                body["country"],
                body["kind"],
                body["name"],
                body["short_name"],
                body["city"],
                "large",
                list(offers),
                list(needs),
                False,
                body["summary"],
                langs=langs,
                extra_sectors=("e-government",) if body["kind"] == AU else (),
                archetype="public-body",
            )
        for country, kind, name, city, offers, needs in FICTIONAL_BODIES:
            self.add_org(
                country,
                kind,
                name,
                "",
                city,
                "medium" if kind == AU else "small",
                offers,
                needs,
                True,
                "",
                archetype=f"fictional-{kind}",
            )

    def add_universities(self) -> None:
        for country, rows in UNIVERSITIES.items():
            for name, size, fields in rows:
                offers: list[str] = []
                needs: list[str] = []
                for f in fields:
                    offers += [f"joint_{f}", f"research_{f}"]
                    needs += [f"joint_{f}"] + ([f"research_{f}"] if self.rng.random() < 0.6 else [])
                if set(fields) & {"cs", "ai", "engineering"}:
                    offers.append("talent")
                if self.rng.random() < 0.3:
                    offers.append("tech_transfer")
                if self.rng.random() < 0.25:
                    offers.append("training")
                if self.rng.random() < 0.6:
                    needs.append("internships")
                if self.rng.random() < 0.2:
                    needs.append("lms")
                if "health" in fields and self.rng.random() < 0.5:
                    needs.append("his")
                if self.rng.random() < 0.35:
                    needs.append("scholarships")
                extra_o, extra_n = UNIVERSITY_EXTRA.get(name, ([], []))
                offers += extra_o
                needs += extra_n
                fields_en = " and ".join(FIELDS[f]["en"] for f in fields)
                self.add_org(
                    country,
                    AC,
                    name,
                    "",
                    self.uni_city(country, name),
                    size,
                    offers,
                    needs,
                    False,
                    f"A university strong in {fields_en}.",
                    extra_sectors=("education",),
                    archetype="university",
                )

    def uni_city(self, country: str, name: str) -> str:
        for city in CITIES[country] + [
            "Semey",
            "Zhezkazgan",
            "Uralsk",
            "Taldykorgan",
            "Petropavl",
            "Jamshoro",
            "Sukkur",
            "Kohat",
            "Tandojam",
        ]:
            if city.lower() in name.lower():
                return city
        return self.rng.choice(CITIES[country][:4])


# --- judgements ---------------------------------------------------------------------------
def eligible_item(item: dict) -> bool:
    return item["status"] == "published" and item["expires_on"] >= AS_OF.isoformat()


def facts(b: Builder, org: dict) -> dict:
    a = b.annotations[org["id"]]
    return {
        "kind": org["kind"],
        "size": org["size"],
        "languages": org["languages"],
        "offers": a["offers"],
        "needs": a["needs"],
    }


def judge_partners(b: Builder, org: dict) -> tuple[dict[str, int], dict[str, dict]]:
    me = facts(b, org)
    grades, detail = {}, {}
    for other in b.orgs:
        if other["country"] == org["country"]:
            continue
        g, d = grade_partner(me, facts(b, other))
        if g:
            grades[other["id"]] = g
            detail[other["id"]] = d
    return grades, detail


def judge_opportunities(b: Builder, org: dict, by_id: dict) -> dict[str, int]:
    me = facts(b, org)
    grades = {}
    for item in b.items:
        owner = by_id[item["org_id"]]
        if owner["country"] == org["country"] or not eligible_item(item):
            continue
        g = grade_item_for_org(
            {**item, "concept": b.annotations[item["id"]]["concept"]}, facts(b, owner), me
        )
        if g:
            grades[item["id"]] = g
    return grades


def judge_candidates(b: Builder, item: dict, by_id: dict) -> dict[str, int]:
    owner = by_id[item["org_id"]]
    it = {**item, "concept": b.annotations[item["id"]]["concept"]}
    grades = {}
    for other in b.orgs:
        if other["country"] == owner["country"]:
            continue
        g = grade_org_for_item(it, facts(b, owner), facts(b, other))
        if g:
            grades[other["id"]] = g
    return grades


def categories(
    b: Builder,
    qtype: str,
    source: dict,
    grades: dict[str, int],
    by_id: dict,
    detail: dict | None = None,
) -> list[str]:
    """Hard-case labels, computed from the annotations and the written texts."""
    cats: list[str] = []
    ann = b.annotations[source["id"]]
    good = [cid for cid, g in grades.items() if g >= 2]
    # synonyms: the query's wording of a concept shares no word with how most good candidates
    # word the same concept
    q_forms = ann["forms"]
    overlaps = []
    for cid in good:
        c_forms = b.annotations[cid]["forms"]
        shared = [k for k in q_forms if k in c_forms]
        for k in shared:
            overlaps.append(bool(tokens(q_forms[k]) & tokens(c_forms[k])))
    if overlaps and sum(overlaps) <= len(overlaps) / 4:
        cats.append("synonym")
    if qtype == "partners_for" and detail is not None:
        two = [c for c, g in grades.items() if g == 3]
        one = [c for c, g in grades.items() if g == 2 and min(detail[c].values()) == 0]
        if two and one:
            cats.append("one_sided_vs_two_sided")
        if not two and one:
            cats.append("one_sided_only")
    kinds = Counter(by_id[c]["kind"] if c in by_id else "item" for c in good)
    own_kind = source.get("kind") or by_id[source["org_id"]]["kind"]
    if qtype != "opportunities_for" and kinds and kinds.most_common(1)[0][0] != own_kind:
        cats.append("cross_kind")
    if own_kind == AC and kinds.get(AC, 0) >= max(1, len(good) // 2):
        cats.append("academic_peer")
    if own_kind == AU:
        cats.append("authority")
    if ann["text_language"] != "en":
        cats.append("non_english_query")
    if good and sum(b.annotations[c]["text_language"] != "en" for c in good) >= len(good) / 3:
        cats.append("non_english_candidates")
    langs = source.get("languages") or by_id[source["org_id"]]["languages"]
    if "en" not in langs:
        cats.append("no_english")
    return cats


def tag_set(x: dict) -> set[str]:
    return {f"{v}:{s}" for v in ("sectors", "technologies", "services") for s in x.get(v, [])}


def distractor_label(b: Builder, source: dict, grades: dict[str, int], pool: list[dict]) -> bool:
    """At least five candidates judged 0 share as many tags as the median good candidate."""
    mine = tag_set(source)
    if not mine:
        return False
    good = [c for c in pool if grades.get(c["id"], 0) >= 2]
    if not good:
        return False
    shared = sorted(len(mine & tag_set(c)) for c in good)
    bar = max(1, shared[len(shared) // 2])
    zero = sum(1 for c in pool if c["id"] not in grades and len(mine & tag_set(c)) >= bar)
    return zero >= 5


def make_queries(b: Builder) -> list[dict]:
    rng = random.Random(SEED + 1)
    by_id = {o["id"]: o for o in b.orgs}
    queries: list[dict] = []
    hand = handwritten.queries(b)
    hand_sources = {q["source"] for q in hand}

    def add(qtype: str, source: dict, grades: dict[str, int], detail=None, **extra) -> None:
        country = source.get("country") or by_id[source["org_id"]]["country"]
        if qtype == "opportunities_for":
            pool = [
                i for i in b.items if eligible_item(i) and by_id[i["org_id"]]["country"] != country
            ]
        else:
            pool = [o for o in b.orgs if o["country"] != country]
        cats = categories(b, qtype, source, grades, by_id, detail)
        if distractor_label(b, source, grades, pool):
            cats.append("tag_distractors")
        queries.append(
            {
                "id": f"q-{len(queries) + 1:03d}",
                "type": qtype,
                "source": source["id"],
                "country": country,
                "categories": sorted(set(cats + extra.pop("cats", []))),
                "judgements": dict(sorted(grades.items())),
                **extra,
            }
        )

    for h in hand:
        source = by_id.get(h["source"]) or next(i for i in b.items if i["id"] == h["source"])
        if h["type"] == "partners_for":
            grades, detail = judge_partners(b, source)
        elif h["type"] == "opportunities_for":
            grades, detail = judge_opportunities(b, source, by_id), None
        else:
            grades, detail = judge_candidates(b, source, by_id), None
        for cid, g in h.get("overrides", {}).items():
            if g:
                grades[cid] = g
            else:
                grades.pop(cid, None)
        add(
            h["type"],
            source,
            grades,
            detail,
            cats=["handwritten", *h.get("cats", [])],
            note=h["note"],
        )

    def usable(grades: dict[str, int]) -> bool:
        return any(g >= 2 for g in grades.values())

    # partners_for: 50 per country, spread over kinds
    quota = {CO: 32, AC: 9, AU: 5, AS: 4}
    for country in ("KZ", "PK"):
        for kind, n in quota.items():
            pool = [
                o
                for o in b.orgs
                if o["country"] == country and o["kind"] == kind and o["id"] not in hand_sources
            ]
            rng.shuffle(pool)
            taken = 0
            for org in pool:
                if taken == n:
                    break
                grades, detail = judge_partners(b, org)
                if usable(grades):
                    add("partners_for", org, grades, detail)
                    taken += 1
    # opportunities_for: 35 per country (companies, universities, authorities)
    seen = {q["source"] for q in queries}
    for country in ("KZ", "PK"):
        pool = [o for o in b.orgs if o["country"] == country and o["id"] not in seen]
        rng.shuffle(pool)
        taken = 0
        for org in pool:
            if taken == 35:
                break
            grades = judge_opportunities(b, org, by_id)
            if usable(grades):
                add("opportunities_for", org, grades)
                taken += 1
    # candidates_for: 35 published items per country, about two requests to one offer
    for country in ("KZ", "PK"):
        pool = [
            i
            for i in b.items
            if eligible_item(i)
            and by_id[i["org_id"]]["country"] == country
            and i["id"] not in hand_sources
        ]
        rng.shuffle(pool)
        taken = Counter()
        for item in pool:
            if sum(taken.values()) == 35:
                break
            want = 23 if item["direction"] == "request" else 12
            if taken[item["direction"]] >= want:
                continue
            grades = judge_candidates(b, item, by_id)
            if usable(grades):
                add("candidates_for", item, grades)
                taken[item["direction"]] += 1
    return queries


# --- collaboration history ----------------------------------------------------------------
def make_history(b: Builder) -> list[dict]:
    """Past collaborations, sampled so that they follow the judges' fit with noise: an organisation
    that collaborated picked a partner it fits (weighted by grade) seven times in ten, anyone of
    the other country otherwise. Dated before the set's reference date."""
    rng = random.Random(SEED + 2)
    edges: dict[frozenset, dict] = {}
    start = date(2019, 1, 1)
    span = (AS_OF - start).days - 1
    kinds = ["introduction", "introduction", "meeting", "meeting", "venture"]
    for org in b.orgs:
        if rng.random() >= 0.35:
            continue
        grades, _ = judge_partners(b, org)
        others = [o["id"] for o in b.orgs if o["country"] != org["country"]]
        for _ in range(rng.randint(1, 3)):
            if grades and rng.random() < 0.7:
                ids = sorted(grades)
                partner = rng.choices(ids, weights=[grades[i] ** 2 for i in ids])[0]
            else:
                partner = rng.choice(others)
            pair = frozenset((org["id"], partner))
            if pair in edges:
                continue
            a, c = sorted(pair)
            edges[pair] = {
                "a": a,
                "b": c,
                "kind": rng.choice(kinds),
                "date": (start + timedelta(days=rng.randint(0, span))).isoformat(),
            }
    return sorted(edges.values(), key=lambda e: (e["date"], e["a"], e["b"]))


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")


def main() -> None:
    b = Builder()
    b.build()
    queries = make_queries(b)
    history = make_history(b)
    write_jsonl(HERE / "organisations.jsonl", b.orgs)
    write_jsonl(HERE / "items.jsonl", b.items)
    write_jsonl(HERE / "queries.jsonl", queries)
    write_jsonl(HERE / "history.jsonl", history)
    write_jsonl(HERE / "annotations.jsonl", list(b.annotations.values()))
    grades = Counter(g for q in queries for g in q["judgements"].values())
    manifest = {
        "as_of": AS_OF.isoformat(),
        "seed": SEED,
        "organisations": dict(Counter(o["country"] for o in b.orgs)),
        "organisation_kinds": dict(Counter(f"{o['country']}-{o['kind']}" for o in b.orgs)),
        "items": len(b.items),
        "items_eligible": sum(eligible_item(i) for i in b.items),
        "queries": dict(Counter(q["type"] for q in queries)),
        "categories": dict(Counter(c for q in queries for c in q["categories"])),
        "judgements_by_grade": {str(k): grades[k] for k in sorted(grades)},
        "history_edges": len(history),
    }
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
