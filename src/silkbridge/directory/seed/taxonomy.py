"""The controlled vocabulary of sectors, technologies and services, in all interface languages."""

from dataclasses import dataclass

from django.db import transaction

from silkbridge.directory.models import Term, Vocabulary

# (slug, English, Russian, Kazakh, Urdu)
SECTORS: list[tuple[str, str, str, str, str]] = [
    ("fintech", "Fintech", "Финтех", "Финтех", "فن ٹیک"),
    ("banking", "Banking", "Банковское дело", "Банк ісі", "بینکاری"),
    ("insurance", "Insurance", "Страхование", "Сақтандыру", "بیمہ"),
    (
        "e-government",
        "E-government",
        "Электронное правительство",
        "Электрондық үкімет",
        "ای گورنمنٹ",
    ),
    ("health", "Health", "Здравоохранение", "Денсаулық сақтау", "صحت"),
    ("education", "Education", "Образование", "Білім беру", "تعلیم"),
    ("telecom", "Telecommunications", "Телекоммуникации", "Телекоммуникация", "ٹیلی کمیونیکیشن"),
    ("agritech", "Agritech", "Агротехнологии", "Агротехнологиялар", "زرعی ٹیکنالوجی"),
    ("logistics", "Logistics", "Логистика", "Логистика", "لاجسٹکس"),
    ("energy", "Energy", "Энергетика", "Энергетика", "توانائی"),
    (
        "retail-e-commerce",
        "Retail and e-commerce",
        "Розничная торговля и электронная коммерция",
        "Бөлшек сауда және электрондық коммерция",
        "ریٹیل اور ای کامرس",
    ),
    (
        "manufacturing",
        "Manufacturing",
        "Промышленное производство",
        "Өнеркәсіптік өндіріс",
        "مینوفیکچرنگ",
    ),
    (
        "mining",
        "Mining and metals",
        "Горнодобывающая промышленность и металлургия",
        "Тау-кен өндірісі және металлургия",
        "کان کنی اور دھاتیں",
    ),
    (
        "textiles",
        "Textiles and apparel",
        "Текстиль и одежда",
        "Тоқыма және киім",
        "ٹیکسٹائل اور ملبوسات",
    ),
    (
        "construction",
        "Construction and real estate",
        "Строительство и недвижимость",
        "Құрылыс және жылжымайтын мүлік",
        "تعمیرات اور رئیل اسٹیٹ",
    ),
    ("transport", "Transport", "Транспорт", "Көлік", "نقل و حمل"),
    ("tourism", "Tourism", "Туризм", "Туризм", "سیاحت"),
    (
        "media",
        "Media and entertainment",
        "Медиа и развлечения",
        "Медиа және ойын-сауық",
        "میڈیا اور تفریح",
    ),
    ("cybersecurity", "Cybersecurity", "Кибербезопасность", "Киберқауіпсіздік", "سائبر سیکیورٹی"),
    (
        "research",
        "Research and science",
        "Наука и исследования",
        "Ғылым және зерттеулер",
        "تحقیق اور سائنس",
    ),
]

TECHNOLOGIES: list[tuple[str, str, str, str, str]] = [
    (
        "ai-ml",
        "Artificial intelligence and machine learning",
        "Искусственный интеллект и машинное обучение",
        "Жасанды интеллект және машиналық оқыту",
        "مصنوعی ذہانت اور مشین لرننگ",
    ),
    (
        "nlp",
        "Natural language processing",
        "Обработка естественного языка",
        "Табиғи тілді өңдеу",
        "قدرتی زبان کی پروسیسنگ",
    ),
    (
        "computer-vision",
        "Computer vision",
        "Компьютерное зрение",
        "Компьютерлік көру",
        "کمپیوٹر وژن",
    ),
    ("cloud", "Cloud computing", "Облачные вычисления", "Бұлттық есептеулер", "کلاؤڈ کمپیوٹنگ"),
    ("devops", "DevOps", "Практики DevOps", "DevOps тәжірибелері", "ڈیو اوپس"),
    ("blockchain", "Blockchain", "Блокчейн", "Блокчейн", "بلاک چین"),
    ("iot", "Internet of things", "Интернет вещей", "Заттар интернеті", "انٹرنیٹ آف تھنگز"),
    ("embedded", "Embedded systems", "Встраиваемые системы", "Ендірілген жүйелер", "ایمبیڈڈ سسٹمز"),
    ("mobile", "Mobile apps", "Мобильные приложения", "Мобильді қосымшалар", "موبائل ایپس"),
    ("web", "Web development", "Веб-разработка", "Веб-әзірлеу", "ویب ڈیولپمنٹ"),
    ("data-analytics", "Data analytics", "Анализ данных", "Деректерді талдау", "ڈیٹا اینالیٹکس"),
    ("big-data", "Big data", "Большие данные", "Үлкен деректер", "بگ ڈیٹا"),
    (
        "cybersecurity",
        "Cybersecurity technology",
        "Технологии кибербезопасности",
        "Киберқауіпсіздік технологиялары",
        "سائبر سیکیورٹی ٹیکنالوجی",
    ),
    (
        "gis",
        "Geographic information systems (GIS)",
        "Геоинформационные системы (ГИС)",
        "Геоақпараттық жүйелер (ГАЖ)",
        "جغرافیائی معلوماتی نظام (جی آئی ایس)",
    ),
    (
        "erp",
        "Enterprise resource planning (ERP)",
        "ERP-системы",
        "ERP жүйелері",
        "انٹرپرائز ریسورس پلاننگ (ای آر پی)",
    ),
    (
        "crm",
        "Customer relationship management (CRM)",
        "CRM-системы",
        "CRM жүйелері",
        "کسٹمر ریلیشن شپ مینجمنٹ (سی آر ایم)",
    ),
    ("payments", "Digital payments", "Цифровые платежи", "Цифрлық төлемдер", "ڈیجیٹل ادائیگیاں"),
    (
        "open-banking",
        "Open banking APIs",
        "API открытого банкинга",
        "Ашық банкинг API",
        "اوپن بینکنگ اے پی آئی",
    ),
    (
        "digital-identity",
        "Digital identity",
        "Цифровая идентификация",
        "Цифрлық сәйкестендіру",
        "ڈیجیٹل شناخت",
    ),
    (
        "rpa",
        "Robotic process automation",
        "Роботизированная автоматизация процессов",
        "Процестерді роботтандырылған автоматтандыру",
        "روبوٹک پروسیس آٹومیشن",
    ),
    (
        "ar-vr",
        "Augmented and virtual reality",
        "Дополненная и виртуальная реальность",
        "Толықтырылған және виртуалды шындық",
        "اضافی اور ورچوئل حقیقت",
    ),
    (
        "5g-networks",
        "5G and telecom networks",
        "5G и телекоммуникационные сети",
        "5G және телекоммуникациялық желілер",
        "فائیو جی اور ٹیلی کام نیٹ ورکس",
    ),
    (
        "e-learning",
        "E-learning platforms",
        "Платформы электронного обучения",
        "Электрондық оқыту платформалары",
        "ای لرننگ پلیٹ فارمز",
    ),
    (
        "health-it",
        "Health information systems",
        "Медицинские информационные системы",
        "Медициналық ақпараттық жүйелер",
        "صحت کے معلوماتی نظام",
    ),
    (
        "low-code",
        "Low-code platforms",
        "Low-code платформы",
        "Low-code платформалары",
        "لو کوڈ پلیٹ فارمز",
    ),
    ("game-development", "Game development", "Разработка игр", "Ойын әзірлеу", "گیم ڈیولپمنٹ"),
]

SERVICES: list[tuple[str, str, str, str, str]] = [
    (
        "custom-software-development",
        "Custom software development",
        "Заказная разработка программного обеспечения",
        "Тапсырыс бойынша бағдарламалық қамтамасыз етуді әзірлеу",
        "کسٹم سافٹ ویئر ڈیولپمنٹ",
    ),
    ("it-outsourcing", "IT outsourcing", "ИТ-аутсорсинг", "IT-аутсорсинг", "آئی ٹی آؤٹ سورسنگ"),
    (
        "system-integration",
        "System integration",
        "Системная интеграция",
        "Жүйелік интеграция",
        "سسٹم انٹیگریشن",
    ),
    ("it-consulting", "IT consulting", "ИТ-консалтинг", "IT-консалтинг", "آئی ٹی مشاورت"),
    (
        "training",
        "Training and capacity building",
        "Обучение и повышение квалификации",
        "Оқыту және біліктілікті арттыру",
        "تربیت اور استعداد کار میں اضافہ",
    ),
    (
        "bpo",
        "Business process outsourcing (BPO)",
        "Аутсорсинг бизнес-процессов (BPO)",
        "Бизнес-процестер аутсорсингі (BPO)",
        "بزنس پروسیس آؤٹ سورسنگ (بی پی او)",
    ),
    (
        "qa-testing",
        "QA and software testing",
        "Тестирование и контроль качества ПО",
        "БҚ тестілеу және сапасын бақылау",
        "کوالٹی اشورنس اور سافٹ ویئر ٹیسٹنگ",
    ),
    (
        "hosting",
        "Hosting and data centres",
        "Хостинг и центры обработки данных",
        "Хостинг және деректер орталықтары",
        "ہوسٹنگ اور ڈیٹا سینٹرز",
    ),
    (
        "managed-services",
        "Managed IT services",
        "Управляемые ИТ-услуги",
        "Басқарылатын IT-қызметтер",
        "مینیجڈ آئی ٹی سروسز",
    ),
    ("cloud-migration", "Cloud migration", "Миграция в облако", "Бұлтқа көшу", "کلاؤڈ مائیگریشن"),
    ("ux-design", "UX and UI design", "UX/UI-дизайн", "UX/UI дизайн", "یو ایکس اور یو آئی ڈیزائن"),
    (
        "data-engineering",
        "Data engineering",
        "Инженерия данных",
        "Деректер инженериясы",
        "ڈیٹا انجینئرنگ",
    ),
    (
        "security-audit",
        "Security audits and penetration testing",
        "Аудит безопасности и тестирование на проникновение",
        "Қауіпсіздік аудиті және ену тестілеуі",
        "سیکیورٹی آڈٹ اور پینیٹریشن ٹیسٹنگ",
    ),
    (
        "support-maintenance",
        "Support and maintenance",
        "Техническая поддержка и сопровождение",
        "Техникалық қолдау және сүйемелдеу",
        "سپورٹ اور مینٹیننس",
    ),
    (
        "staff-augmentation",
        "Staff augmentation",
        "Предоставление ИТ-специалистов",
        "IT мамандарын ұсыну",
        "اسٹاف آگمینٹیشن",
    ),
    (
        "product-development",
        "Product and MVP development",
        "Разработка продуктов и MVP",
        "Өнім және MVP әзірлеу",
        "پروڈکٹ اور ایم وی پی ڈیولپمنٹ",
    ),
    ("erp-implementation", "ERP implementation", "Внедрение ERP", "ERP енгізу", "ای آر پی کا نفاذ"),
    (
        "localisation",
        "Localisation and translation",
        "Локализация и перевод",
        "Локализация және аударма",
        "لوکلائزیشن اور ترجمہ",
    ),
    (
        "research-development",
        "Contract research and development",
        "Контрактные НИОКР",
        "Келісімшарт бойынша ғылыми зерттеулер мен әзірлемелер",
        "کنٹریکٹ تحقیق و ترقی",
    ),
    (
        "technology-transfer",
        "Technology transfer",
        "Трансфер технологий",
        "Технологиялар трансфері",
        "ٹیکنالوجی کی منتقلی",
    ),
    (
        "digital-marketing",
        "Digital marketing",
        "Цифровой маркетинг",
        "Цифрлық маркетинг",
        "ڈیجیٹل مارکیٹنگ",
    ),
    (
        "internships",
        "Internships and talent programmes",
        "Стажировки и программы для талантов",
        "Тағылымдамалар және таланттарға арналған бағдарламалар",
        "انٹرن شپ اور ٹیلنٹ پروگرام",
    ),
]

VOCABULARIES = {
    Vocabulary.SECTOR: SECTORS,
    Vocabulary.TECHNOLOGY: TECHNOLOGIES,
    Vocabulary.SERVICE: SERVICES,
}


@dataclass
class TaxonomyReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def seed_taxonomy() -> TaxonomyReport:
    """Create or refresh every seeded term, so imports, matching and demo share one vocabulary."""
    report = TaxonomyReport()
    existing = {(t.vocabulary, t.slug): t for t in Term.objects.all()}
    for vocabulary, rows in VOCABULARIES.items():
        for slug, en, ru, kk, ur in rows:
            labels = {"label_en": en, "label_ru": ru, "label_kk": kk, "label_ur": ur}
            term = existing.get((vocabulary.value, slug))
            if term is None:
                Term.objects.create(vocabulary=vocabulary, slug=slug, **labels)
                report.created += 1
            elif any(getattr(term, field) != value for field, value in labels.items()):
                Term.objects.update_or_create(vocabulary=vocabulary, slug=slug, defaults=labels)
                report.updated += 1
            else:
                report.unchanged += 1
    return report
