"""The judges' catalogue of partnership concepts: what an organisation can offer or seek.

Judge-only. Systems under evaluation must never read this file or ``annotations.jsonl``: they see
only the organisations' and items' texts, tags, kinds, sizes and languages. Each concept lists
the surface forms the team used to write texts (several per concept on purpose, so that a need
written as "e-KYC" is answered by an offer written as "remote identity verification"), the
taxonomy slugs a profile about it would carry, which kinds of organisation can provide it and
which can seek it, and whether delivering it takes a team larger than a micro company.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CO, AU, AC, AS = "company", "authority", "academic", "association"


@dataclass(frozen=True)
class Concept:
    key: str
    en: tuple[str, ...]
    ru: tuple[str, ...]
    ur: tuple[str, ...]
    sectors: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    providers: tuple[str, ...] = (CO,)
    seekers: tuple[str, ...] = (CO, AU)
    type: str = "technology"  # opportunity type of an item about it
    large: bool = False  # a micro company (1-9 people) cannot deliver it
    related: tuple[str, ...] = field(default=())


def c(key: str, en, ru, ur, **kw) -> Concept:
    return Concept(key, tuple(en), tuple(ru), tuple(ur), **kw)


CONCEPTS: list[Concept] = [
    # --- finance -------------------------------------------------------------------------
    c(
        "ekyc",
        [
            "e-KYC",
            "remote identity verification",
            "biometric customer onboarding with liveness detection",
            "know-your-customer checks through an API",
            "digital ID document scanning and face matching",
        ],
        ["удалённая идентификация клиентов (e-KYC)", "биометрическая верификация личности"],
        ["ای کے وائی سی", "ڈیجیٹل شناخت کی تصدیق"],
        sectors=("fintech", "banking"),
        technologies=("digital-identity", "computer-vision"),
        related=("gov_digital_id",),
    ),
    c(
        "payments",
        [
            "payment gateway integration",
            "online card acquiring for merchants",
            "merchant payment processing",
            "checkout and payouts API",
        ],
        ["платёжный шлюз и интернет-эквайринг", "приём онлайн-платежей для бизнеса"],
        ["پیمنٹ گیٹ وے", "آن لائن ادائیگیوں کی سہولت"],
        sectors=("fintech", "retail-e-commerce"),
        technologies=("payments",),
        related=("wallet", "open_banking"),
    ),
    c(
        "wallet",
        [
            "mobile wallet platform",
            "cross-border remittance service",
            "QR-code payments for small shops",
            "branchless banking app",
        ],
        ["мобильный кошелёк", "сервис международных денежных переводов"],
        ["موبائل والیٹ", "بیرون ملک رقوم کی ترسیل"],
        sectors=("fintech", "banking"),
        technologies=("payments", "mobile"),
        related=("payments",),
    ),
    c(
        "open_banking",
        [
            "open banking API platform",
            "account aggregation through bank APIs",
            "API gateway that exposes bank accounts to licensed fintechs",
        ],
        ["платформа открытого банкинга (Open API)"],
        ["اوپن بینکنگ اے پی آئی"],
        sectors=("banking", "fintech"),
        technologies=("open-banking",),
        related=("core_banking", "payments"),
    ),
    c(
        "core_banking",
        [
            "core banking system",
            "digital banking platform with a cloud-native ledger",
            "loan origination and deposit management software",
        ],
        ["автоматизированная банковская система (АБС)", "платформа цифрового банка"],
        ["کور بینکنگ سسٹم"],
        sectors=("banking",),
        technologies=("cloud",),
        services=("system-integration",),
        large=True,
        related=("open_banking",),
    ),
    c(
        "insurtech",
        [
            "claims automation for insurers",
            "digital policy administration system",
            "motor insurance claims handled from photos",
        ],
        ["автоматизация урегулирования страховых убытков"],
        ["انشورنس کلیمز کی آٹومیشن"],
        sectors=("insurance",),
        technologies=("ai-ml",),
    ),
    # --- enterprise software -------------------------------------------------------------
    c(
        "erp",
        [
            "ERP implementation",
            "enterprise resource planning rollout",
            "Odoo and SAP Business One deployment",
            "integrated accounting, inventory and payroll system",
        ],
        ["внедрение ERP-системы", "автоматизация учёта на 1С"],
        ["ای آر پی سسٹم کا نفاذ"],
        sectors=("manufacturing", "retail-e-commerce"),
        technologies=("erp",),
        services=("erp-implementation",),
        related=("crm", "textile_mes", "rpa", "warehouse"),
    ),
    c(
        "crm",
        [
            "CRM implementation",
            "customer relationship management system",
            "sales pipeline and contact-centre software",
        ],
        ["внедрение CRM", "система управления взаимоотношениями с клиентами"],
        ["سی آر ایم سسٹم"],
        technologies=("crm",),
        services=("system-integration",),
        related=("erp", "bpo"),
    ),
    c(
        "rpa",
        [
            "robotic process automation",
            "RPA bots for back-office work",
            "workflow automation with low-code tools",
        ],
        ["роботизация бизнес-процессов (RPA)"],
        ["آر پی اے بوٹس"],
        technologies=("rpa", "low-code"),
        related=("erp", "bpo"),
    ),
    # --- infrastructure and security -----------------------------------------------------
    c(
        "hosting",
        [
            "cloud hosting",
            "Tier III data centre colocation",
            "managed infrastructure-as-a-service",
            "sovereign cloud with local data residency",
        ],
        ["облачный хостинг и ЦОД", "размещение серверов в дата-центре"],
        ["کلاؤڈ ہوسٹنگ", "ڈیٹا سینٹر"],
        technologies=("cloud",),
        services=("hosting", "managed-services"),
        large=True,
        related=("cloud_migration",),
    ),
    c(
        "cloud_migration",
        [
            "cloud migration",
            "moving legacy systems to AWS or Azure",
            "lift-and-shift of on-premise applications",
        ],
        ["миграция в облако"],
        ["کلاؤڈ مائیگریشن"],
        technologies=("cloud", "devops"),
        services=("cloud-migration",),
        related=("hosting", "devops"),
    ),
    c(
        "devops",
        [
            "DevOps and CI/CD pipelines",
            "Kubernetes platform engineering",
            "site reliability engineering",
        ],
        ["внедрение DevOps и CI/CD"],
        ["ڈیو اوپس"],
        technologies=("devops", "cloud"),
        related=("cloud_migration",),
    ),
    c(
        "pentest",
        [
            "penetration testing",
            "security audit",
            "ethical hacking and vulnerability assessment",
            "red-team exercises",
        ],
        ["тестирование на проникновение", "аудит информационной безопасности"],
        ["سائبر سیکیورٹی آڈٹ", "پینیٹریشن ٹیسٹنگ"],
        sectors=("cybersecurity",),
        technologies=("cybersecurity",),
        services=("security-audit",),
        related=("soc",),
    ),
    c(
        "soc",
        [
            "24/7 security operations centre",
            "managed detection and response",
            "SIEM monitoring as a service",
        ],
        ["центр мониторинга информационной безопасности (SOC)"],
        ["سیکیورٹی آپریشنز سینٹر"],
        sectors=("cybersecurity",),
        technologies=("cybersecurity",),
        services=("managed-services",),
        large=True,
        related=("pentest",),
    ),
    # --- sector solutions ----------------------------------------------------------------
    c(
        "gis",
        [
            "GIS mapping",
            "geospatial analytics",
            "satellite imagery and digital maps",
            "land cadastre digitisation",
        ],
        ["геоинформационные системы и цифровые карты", "оцифровка земельного кадастра"],
        ["جی آئی ایس نقشہ سازی", "زمین کے ریکارڈ کی ڈیجیٹائزیشن"],
        sectors=("construction", "agritech"),
        technologies=("gis",),
        related=("precision_ag",),
    ),
    c(
        "precision_ag",
        [
            "precision agriculture",
            "IoT soil-moisture sensors",
            "crop monitoring from drones",
            "smart irrigation control",
        ],
        ["точное земледелие", "датчики влажности почвы и умный полив"],
        ["جدید زرعی ٹیکنالوجی", "اسمارٹ آبپاشی"],
        sectors=("agritech",),
        technologies=("iot",),
        related=("gis", "research_agri"),
    ),
    c(
        "fleet",
        [
            "fleet tracking and telematics",
            "GPS vehicle monitoring",
            "transport management system (TMS)",
            "delivery route optimisation",
        ],
        ["GPS-мониторинг транспорта", "система управления перевозками"],
        ["گاڑیوں کی ٹریکنگ", "فلیٹ مینجمنٹ"],
        sectors=("logistics", "transport"),
        technologies=("iot",),
        related=("warehouse",),
    ),
    c(
        "warehouse",
        [
            "warehouse management system (WMS)",
            "inventory and stock control software",
            "cold-chain temperature monitoring",
        ],
        ["система управления складом (WMS)"],
        ["گودام کا انتظام"],
        sectors=("logistics",),
        technologies=("iot",),
        related=("fleet", "erp"),
    ),
    c(
        "lms",
        [
            "e-learning platform",
            "learning management system (LMS)",
            "online course platform with virtual classrooms",
        ],
        ["платформа дистанционного обучения", "система управления обучением"],
        ["ای لرننگ پلیٹ فارم", "آن لائن تعلیم کا نظام"],
        sectors=("education",),
        technologies=("e-learning",),
        seekers=(CO, AU, AC),
        related=("training",),
    ),
    c(
        "his",
        [
            "hospital information system",
            "electronic health records (EHR)",
            "telemedicine platform",
            "clinic management software",
        ],
        ["медицинская информационная система", "электронные медицинские карты и телемедицина"],
        ["ہسپتال انفارمیشن سسٹم", "ٹیلی میڈیسن"],
        sectors=("health",),
        technologies=("health-it",),
        seekers=(CO, AU, AC),
        related=("research_health",),
    ),
    c(
        "nlp",
        [
            "natural language processing",
            "chatbots and conversational AI",
            "speech-to-text for Kazakh, Russian and Urdu",
            "text analytics and document understanding",
        ],
        ["обработка естественного языка и чат-боты", "распознавание речи"],
        ["قدرتی زبان کی پروسیسنگ", "چیٹ بوٹس"],
        technologies=("nlp", "ai-ml"),
        providers=(CO, AC),
        related=("localisation", "research_ai"),
    ),
    c(
        "cv_inspection",
        [
            "computer vision quality inspection",
            "visual defect detection on production lines",
            "video analytics with deep learning",
        ],
        ["компьютерное зрение для контроля качества"],
        ["کمپیوٹر وژن سے کوالٹی کنٹرول"],
        sectors=("manufacturing",),
        technologies=("computer-vision", "ai-ml"),
        related=("predictive", "smart_city"),
    ),
    c(
        "predictive",
        [
            "predictive maintenance",
            "equipment condition monitoring",
            "industrial IoT for mines and plants",
        ],
        ["предиктивное обслуживание оборудования", "промышленный интернет вещей"],
        ["مشینوں کی پیشگی دیکھ بھال"],
        sectors=("mining", "energy", "manufacturing"),
        technologies=("iot", "ai-ml"),
        related=("cv_inspection", "metering"),
    ),
    c(
        "metering",
        [
            "smart metering",
            "energy management system",
            "grid monitoring and SCADA",
        ],
        ["интеллектуальный учёт электроэнергии", "АСКУЭ и SCADA"],
        ["اسمارٹ میٹرنگ"],
        sectors=("energy",),
        technologies=("iot",),
        large=True,
        related=("predictive",),
    ),
    c(
        "textile_mes",
        [
            "production planning for garment factories",
            "textile manufacturing execution system",
            "shop-floor tracking for spinning and weaving mills",
        ],
        ["система управления производством для текстильных фабрик"],
        ["ٹیکسٹائل ملوں کے لیے پروڈکشن سافٹ ویئر"],
        sectors=("textiles", "manufacturing"),
        technologies=("erp",),
        related=("erp", "traceability"),
    ),
    c(
        "traceability",
        [
            "blockchain traceability",
            "supply-chain provenance on a distributed ledger",
            "smart contracts for trade documents",
        ],
        ["прослеживаемость цепочек поставок на блокчейне"],
        ["بلاک چین ٹریس ایبلٹی"],
        sectors=("logistics", "textiles", "agritech"),
        technologies=("blockchain",),
        related=("textile_mes",),
    ),
    c(
        "ecommerce",
        [
            "e-commerce marketplace platform",
            "online store and marketplace software",
            "omnichannel retail platform",
        ],
        ["платформа электронной коммерции и маркетплейс"],
        ["ای کامرس مارکیٹ پلیس"],
        sectors=("retail-e-commerce",),
        technologies=("web",),
        related=("payments", "marketing", "web"),
    ),
    c(
        "marketing",
        [
            "digital marketing",
            "performance marketing and SEO",
            "social media campaigns",
        ],
        ["цифровой маркетинг и SEO"],
        ["ڈیجیٹل مارکیٹنگ"],
        sectors=("media",),
        services=("digital-marketing",),
        related=("ecommerce",),
    ),
    c(
        "games",
        [
            "game development",
            "mobile games",
            "game art and animation outsourcing",
        ],
        ["разработка игр"],
        ["گیم ڈیولپمنٹ"],
        sectors=("media",),
        technologies=("game-development",),
        related=("arvr",),
    ),
    c(
        "arvr",
        [
            "AR/VR training simulators",
            "virtual reality safety training",
            "augmented reality maintenance guides",
        ],
        ["VR-тренажёры для обучения персонала"],
        ["ورچوئل رئیلٹی تربیت"],
        technologies=("ar-vr",),
        related=("games", "training"),
    ),
    c(
        "telecom",
        [
            "5G network planning",
            "telecom network optimisation",
            "fibre and tower infrastructure services",
        ],
        ["проектирование сетей 5G", "оптимизация телекоммуникационных сетей"],
        ["فائیو جی نیٹ ورک"],
        sectors=("telecom",),
        technologies=("5g-networks",),
        large=True,
    ),
    c(
        "smart_city",
        [
            "smart city video surveillance",
            "intelligent traffic management",
            "automatic number-plate recognition",
        ],
        ["умный город и видеоаналитика", "интеллектуальная транспортная система"],
        ["اسمارٹ سٹی نگرانی"],
        sectors=("transport", "e-government"),
        technologies=("computer-vision", "iot"),
        large=True,
        related=("cv_inspection",),
    ),
    c(
        "tourism",
        [
            "hotel and tour booking platform",
            "travel booking engine",
        ],
        ["система онлайн-бронирования туров и отелей"],
        ["ٹریول بکنگ پلیٹ فارم"],
        sectors=("tourism",),
        technologies=("web",),
    ),
    # --- software services ---------------------------------------------------------------
    c(
        "mobile_dev",
        [
            "mobile app development",
            "iOS and Android apps",
            "cross-platform apps in Flutter",
        ],
        ["разработка мобильных приложений"],
        ["موبائل ایپ ڈیولپمنٹ"],
        technologies=("mobile",),
        services=("custom-software-development",),
        related=("web", "staff_aug"),
    ),
    c(
        "web",
        [
            "web development",
            "web portals and full-stack web applications",
            "custom websites on React and Django",
        ],
        ["веб-разработка"],
        ["ویب ڈیولپمنٹ"],
        technologies=("web",),
        services=("custom-software-development",),
        related=("mobile_dev", "staff_aug", "ecommerce"),
    ),
    c(
        "qa",
        [
            "software testing",
            "QA automation",
            "test automation and quality assurance",
        ],
        ["тестирование программного обеспечения"],
        ["سافٹ ویئر ٹیسٹنگ"],
        services=("qa-testing",),
        related=("staff_aug",),
    ),
    c(
        "staff_aug",
        [
            "dedicated development teams",
            "staff augmentation",
            "offshore software engineers",
            "remote developers on monthly contracts",
        ],
        ["аутстаффинг разработчиков", "выделенная команда программистов"],
        ["آف شور سافٹ ویئر انجینئرز"],
        services=("staff-augmentation", "it-outsourcing"),
        related=("qa", "web", "mobile_dev"),
    ),
    c(
        "bpo",
        [
            "call centre outsourcing",
            "business process outsourcing",
            "back-office and customer support services",
        ],
        ["аутсорсинг колл-центра", "аутсорсинг бизнес-процессов"],
        ["کال سینٹر آؤٹ سورسنگ"],
        services=("bpo",),
        related=("crm", "rpa"),
    ),
    c(
        "localisation",
        [
            "localisation and translation",
            "translation of software into Russian, Kazakh and Urdu",
            "multilingual content production",
        ],
        ["локализация и перевод ПО"],
        ["لوکلائزیشن اور ترجمہ"],
        services=("localisation",),
        providers=(CO, AC),
        related=("nlp",),
    ),
    c(
        "ux",
        [
            "UX and UI design",
            "user research and interface design",
            "product design for apps",
        ],
        ["UX/UI-дизайн"],
        ["یو ایکس ڈیزائن"],
        services=("ux-design",),
        related=("web",),
    ),
    c(
        "data",
        [
            "data engineering",
            "data warehouse and business intelligence dashboards",
            "analytics platform on big data",
        ],
        ["хранилища данных и BI-аналитика"],
        ["ڈیٹا اینالیٹکس"],
        technologies=("data-analytics", "big-data"),
        services=("data-engineering",),
        related=("research_ai",),
    ),
    c(
        "training",
        [
            "IT training and capacity building",
            "coding bootcamps",
            "certification courses for civil servants and engineers",
        ],
        ["обучение ИТ-специалистов и повышение квалификации"],
        ["آئی ٹی تربیت"],
        services=("training",),
        providers=(CO, AC, AS),
        related=("lms",),
    ),
    # --- government ----------------------------------------------------------------------
    c(
        "egov_portal",
        [
            "e-government portal",
            "online public services",
            "digital public service delivery",
            "one-stop portal for citizen services",
        ],
        ["портал электронного правительства", "государственные услуги онлайн"],
        ["ای گورنمنٹ پورٹل", "آن لائن سرکاری خدمات"],
        sectors=("e-government",),
        technologies=("web",),
        services=("system-integration",),
        seekers=(AU,),
        type="egov",
        large=True,
        related=("eproc", "gov_digital_id"),
    ),
    c(
        "gov_digital_id",
        [
            "national digital identity",
            "digital signature and e-ID infrastructure",
            "citizen identity registry",
        ],
        ["национальная цифровая идентификация и ЭЦП"],
        ["قومی ڈیجیٹل شناخت"],
        sectors=("e-government",),
        technologies=("digital-identity",),
        providers=(CO, AU),
        seekers=(AU,),
        type="egov",
        large=True,
        related=("ekyc", "egov_portal"),
    ),
    c(
        "eproc",
        [
            "e-procurement system",
            "electronic public tenders",
            "electronic document management and e-archive for government",
        ],
        ["система электронных госзакупок", "электронный документооборот для госорганов"],
        ["ای پروکیورمنٹ"],
        sectors=("e-government",),
        services=("system-integration",),
        seekers=(AU,),
        type="egov",
        large=True,
        related=("egov_portal",),
    ),
    c(
        "policy",
        [
            "exchange of experience in digital policy",
            "government-to-government cooperation on digital transformation",
        ],
        ["обмен опытом в цифровой политике", "межправительственное сотрудничество по цифровизации"],
        ["ڈیجیٹل پالیسی میں تعاون"],
        sectors=("e-government",),
        providers=(AU,),
        seekers=(AU,),
        type="egov",
    ),
    # --- support from authorities and associations ---------------------------------------
    c(
        "market_entry",
        [
            "market entry support",
            "soft-landing programme for foreign tech companies",
            "trade missions and B2B matchmaking",
        ],
        ["содействие выходу на рынок", "программа мягкой посадки для иностранных компаний"],
        ["مارکیٹ میں داخلے میں مدد"],
        providers=(AU, AS),
        seekers=(CO,),
        type="business",
        related=("reseller",),
    ),
    c(
        "investment",
        [
            "venture investment",
            "seed funding for startups",
            "innovation grants",
        ],
        ["венчурные инвестиции", "гранты на инновации"],
        ["سرمایہ کاری", "اسٹارٹ اپ فنڈنگ"],
        providers=(AU, AS, CO),
        seekers=(CO,),
        type="investment",
    ),
    c(
        "sandbox",
        [
            "regulatory sandbox for fintech",
            "fintech licensing guidance",
        ],
        ["регуляторная песочница для финтеха"],
        ["فن ٹیک ریگولیٹری سینڈ باکس"],
        sectors=("fintech",),
        providers=(AU,),
        seekers=(CO,),
        type="business",
    ),
    c(
        "reseller",
        [
            "local distribution and reseller partner",
            "local implementation partner",
            "channel partner for software vendors",
        ],
        ["локальный дистрибьютор и партнёр по внедрению"],
        ["مقامی ری سیلر پارٹنر"],
        services=("system-integration",),
        seekers=(CO,),
        type="business",
        related=("market_entry",),
    ),
    c(
        "assoc_coop",
        [
            "memorandum between industry associations",
            "joint trade delegations of member companies",
        ],
        ["меморандум о сотрудничестве между ассоциациями"],
        ["ایسوسی ایشنز کے درمیان تعاون"],
        providers=(AS,),
        seekers=(AS,),
        type="business",
    ),
    c(
        "scholarships",
        [
            "scholarships for students",
            "academic mobility grants",
        ],
        ["стипендии и программы академической мобильности"],
        ["اسکالرشپس"],
        sectors=("education",),
        providers=(AU,),
        seekers=(AC,),
        type="talent",
    ),
    # --- academic ------------------------------------------------------------------------
    c(
        "internships",
        [
            "internship placements for IT students",
            "industrial placements for graduates",
        ],
        ["стажировки для студентов ИТ-специальностей"],
        ["آئی ٹی طلبہ کے لیے انٹرن شپ"],
        services=("internships",),
        providers=(CO,),
        seekers=(AC,),
        type="talent",
        related=("talent",),
    ),
    c(
        "talent",
        [
            "graduate software engineers",
            "hiring pipeline of computer science graduates",
        ],
        ["выпускники ИТ-специальностей для найма"],
        ["کمپیوٹر سائنس کے فارغ التحصیل"],
        services=("internships",),
        providers=(AC,),
        seekers=(CO,),
        type="talent",
        related=("internships",),
    ),
    c(
        "tech_transfer",
        [
            "technology transfer",
            "commercialisation of university research",
            "licensing of patents",
        ],
        ["трансфер технологий и коммерциализация разработок"],
        ["ٹیکنالوجی کی منتقلی"],
        sectors=("research",),
        services=("technology-transfer",),
        providers=(AC, AU),
        seekers=(CO,),
        type="research",
    ),
]

# Academic fields: a joint programme and a research topic per field.
FIELDS: dict[str, dict] = {
    "cs": {
        "en": "computer science",
        "ru": "информатика",
        "ur": "کمپیوٹر سائنس",
        "alt": ["software engineering", "information technology"],
        "sectors": ("education",),
        "technologies": ("web",),
    },
    "ai": {
        "en": "artificial intelligence",
        "ru": "искусственный интеллект",
        "ur": "مصنوعی ذہانت",
        "alt": ["machine learning", "data science"],
        "sectors": ("research",),
        "technologies": ("ai-ml", "data-analytics"),
    },
    "agri": {
        "en": "agricultural sciences",
        "ru": "агрономия",
        "ur": "زرعی سائنس",
        "alt": ["agronomy", "irrigation and water management"],
        "sectors": ("agritech",),
        "technologies": ("iot",),
    },
    "health": {
        "en": "medicine",
        "ru": "медицина",
        "ur": "طب",
        "alt": ["public health", "biomedical sciences"],
        "sectors": ("health",),
        "technologies": ("health-it",),
    },
    "business": {
        "en": "business administration",
        "ru": "бизнес-администрирование",
        "ur": "بزنس ایڈمنسٹریشن",
        "alt": ["finance and fintech", "management"],
        "sectors": ("fintech", "education"),
        "technologies": (),
    },
    "engineering": {
        "en": "mining and energy engineering",
        "ru": "горное дело и энергетика",
        "ur": "کان کنی اور توانائی انجینئرنگ",
        "alt": ["petroleum engineering", "electrical power engineering"],
        "sectors": ("mining", "energy"),
        "technologies": (),
    },
    "textile": {
        "en": "textile engineering",
        "ru": "текстильная технология",
        "ur": "ٹیکسٹائل انجینئرنگ",
        "alt": ["fashion design", "textile chemistry"],
        "sectors": ("textiles",),
        "technologies": (),
    },
}

RELATED_FIELDS = {("cs", "ai"), ("business", "cs"), ("engineering", "cs"), ("agri", "engineering")}


def _field_concepts() -> list[Concept]:
    out = []
    for key, f in FIELDS.items():
        en, alt = f["en"], f["alt"]
        out.append(
            c(
                f"joint_{key}",
                [
                    f"joint degree programme in {en}",
                    f"double-degree and student exchange in {alt[0]}",
                    f"joint master's programme in {alt[1]}",
                ],
                [f"совместная образовательная программа по направлению «{f['ru']}»"],
                [f"{f['ur']} میں مشترکہ ڈگری پروگرام"],
                sectors=("education", *f["sectors"]),
                providers=(AC,),
                seekers=(AC,),
                type="research",
                related=(f"research_{key}",),
            )
        )
        out.append(
            c(
                f"research_{key}",
                [
                    f"joint research in {en}",
                    f"research collaboration on {alt[0]}",
                    f"co-authored research projects in {alt[1]}",
                ],
                [f"совместные научные исследования: {f['ru']}"],
                [f"{f['ur']} میں مشترکہ تحقیق"],
                sectors=("research", *f["sectors"]),
                technologies=f["technologies"],
                services=("research-development",),
                providers=(AC, CO) if key in ("ai", "agri") else (AC,),
                seekers=(AC, CO, AU),
                type="research",
                related=(f"joint_{key}",),
            )
        )
    return out


CONCEPTS += _field_concepts()
BY_KEY: dict[str, Concept] = {x.key: x for x in CONCEPTS}


def _related_pairs() -> set[frozenset[str]]:
    pairs = set()
    for x in CONCEPTS:
        for r in x.related:
            assert r in BY_KEY, (x.key, r)
            pairs.add(frozenset((x.key, r)))
    for a, b in RELATED_FIELDS:
        pairs.add(frozenset((f"research_{a}", f"research_{b}")))
        pairs.add(frozenset((f"joint_{a}", f"joint_{b}")))
    return pairs


RELATED: set[frozenset[str]] = _related_pairs()


def closeness(a: str, b: str) -> int:
    """2 for the same concept, 1 for concepts the team judged closely related, else 0."""
    if a == b:
        return 2
    return 1 if frozenset((a, b)) in RELATED else 0
