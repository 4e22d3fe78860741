"""Demo public face: three announcements of the secretariat in four languages (news, a call and
the demo forum's announcement) and a few demo ventures whose parties agreed to a public story."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from silkbridge.accounts.models import User
from silkbridge.announcements.models import Announcement, AnnouncementKind
from silkbridge.directory.seed import demo_users
from silkbridge.forums.demo import DEMO_SLUG
from silkbridge.forums.models import Event
from silkbridge.ventures.models import Venture, VentureParty, VentureStage

PUBLIC_STORIES = 3

ANNOUNCEMENTS = [
    {
        "kind": AnnouncementKind.NEWS,
        "days_ago": 12,
        "title_en": "The working group opens its platform to every IT organisation",
        "body_en": (
            "Companies, authorities and universities of both countries can now sign up, claim "
            "their organisation's record or register a new one.\n\n"
            "The secretariat verifies each organisation before it is marked as verified."
        ),
        "title_ru": "Рабочая группа открывает платформу для всех ИТ-организаций",
        "body_ru": (
            "Компании, ведомства и университеты обеих стран теперь могут зарегистрироваться, "
            "заявить права на запись своей организации или зарегистрировать новую.\n\n"
            "Секретариат проверяет каждую организацию, прежде чем отметить её как проверенную."
        ),
        "title_kk": "Жұмыс тобы платформаны барлық АТ ұйымдарына ашады",
        "body_kk": (
            "Екі елдің компаниялары, мемлекеттік органдары мен университеттері енді тіркеліп, "
            "өз ұйымының жазбасын ала алады немесе жаңасын тіркей алады.\n\n"
            "Хатшылық әр ұйымды тексерілген деп белгілемес бұрын тексереді."
        ),
        "title_ur": "ورکنگ گروپ نے اپنا پلیٹ فارم ہر آئی ٹی تنظیم کے لیے کھول دیا",
        "body_ur": (
            "دونوں ممالک کی کمپنیاں، سرکاری ادارے اور جامعات اب سائن اپ کر کے اپنی تنظیم کے "
            "ریکارڈ کا دعویٰ کر سکتی ہیں یا نئی تنظیم رجسٹر کر سکتی ہیں۔\n\n"
            "سیکرٹریٹ ہر تنظیم کی تصدیق کرتا ہے۔"
        ),
    },
    {
        "kind": AnnouncementKind.CALL,
        "days_ago": 5,
        "title_en": "Call for fintech pilots with public authorities",
        "body_en": (
            "Authorities of both countries look for companies to pilot open banking and "
            "digital payment services.\n\nPublish an offer on the platform to take part."
        ),
        "title_ru": "Призыв к пилотным проектам в финтехе с государственными органами",
        "body_ru": (
            "Ведомства обеих стран ищут компании для пилотных проектов открытого банкинга и "
            "цифровых платежей.\n\nОпубликуйте предложение на платформе, чтобы участвовать."
        ),
        "title_kk": "Мемлекеттік органдармен финтех пилоттық жобаларына шақыру",
        "body_kk": (
            "Екі елдің мемлекеттік органдары ашық банкинг пен цифрлық төлем қызметтерін "
            "сынайтын компанияларды іздейді.\n\nҚатысу үшін платформада ұсыныс жариялаңыз."
        ),
        "title_ur": "سرکاری اداروں کے ساتھ فن ٹیک پائلٹ منصوبوں کی دعوت",
        "body_ur": (
            "دونوں ممالک کے سرکاری ادارے اوپن بینکنگ اور ڈیجیٹل ادائیگی کی خدمات آزمانے کے "
            "لیے کمپنیوں کی تلاش میں ہیں۔\n\nحصہ لینے کے لیے پلیٹ فارم پر پیشکش شائع کریں۔"
        ),
    },
    {
        "kind": AnnouncementKind.FORUM,
        "days_ago": 2,
        "title_en": "Registration is open for the Astana digital B2B forum",
        "body_en": (
            "Book one-to-one meetings with IT companies and authorities of the other country."
        ),
        "title_ru": "Открыта регистрация на цифровой B2B-форум в Астане",
        "body_ru": "Назначайте встречи один на один с ИТ-компаниями и ведомствами другой страны.",
        "title_kk": "Астанадағы цифрлық B2B форумына тіркелу ашық",
        "body_kk": (
            "Басқа елдің АТ компаниялары мен мемлекеттік органдарымен бетпе-бет кездесулер "
            "белгілеңіз."
        ),
        "title_ur": "آستانہ ڈیجیٹل B2B فورم کے لیے رجسٹریشن کھل گئی",
        "body_ur": "دوسرے ملک کی آئی ٹی کمپنیوں اور سرکاری اداروں سے ون ٹو ون ملاقاتیں طے کریں۔",
    },
]


def create_demo_public_face() -> int:
    """Create the demo announcements and public stories once; returns announcements created."""
    created = 0
    if not Announcement.objects.exists():
        author = User.objects.filter(email=demo_users.SECRETARIAT_EMAIL).first()
        forum = Event.objects.filter(slug=DEMO_SLUG).first()
        now = timezone.now()
        for item in ANNOUNCEMENTS:
            values = {k: v for k, v in item.items() if k != "days_ago"}
            if values["kind"] == AnnouncementKind.FORUM:
                if forum is None:
                    continue
                values["forum"] = forum
            Announcement.objects.create(
                author=author, published_at=now - timedelta(days=item["days_ago"]), **values
            )
            created += 1
    stories = (
        Venture.objects.filter(is_demo=True, confidential=False)
        .exclude(stage__in=[VentureStage.DROPPED, VentureStage.STALLED])
        .order_by("-stage_changed_at", "-id")[:PUBLIC_STORIES]
    )
    VentureParty.objects.filter(venture__in=list(stories)).update(public_story=True)
    return created
