"""Settings for Silkbridge, read from environment variables (and a `.env` file if present).

SQLite is the default so one command starts a working platform; set DATABASE_URL for PostgreSQL.
"""

from pathlib import Path

import environ
from csp import constants as csp
from django.utils.translation import gettext_lazy as _

from silkbridge.accounts.sso_settings import oidc_providers
from silkbridge.core.logconfig import logging_config
from silkbridge.core.metrics import with_metrics

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(environ.Env().str("SILKBRIDGE_HOME", default=str(Path.cwd())))

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# A development key is only acceptable while DEBUG is on; production must set SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "auditlog",
    "huey.contrib.djhuey",
    "ninja",
    "silkbridge.core",
    "silkbridge.accounts",
    "silkbridge.directory",
    "silkbridge.opportunities",
    "silkbridge.introductions",
    "silkbridge.conversations",
    "silkbridge.notifications",
    "silkbridge.matching",
    "silkbridge.forums",
    "silkbridge.workspace",
    "silkbridge.ventures",
    "silkbridge.talent.agreements",
    "silkbridge.talent.exchanges",
    "silkbridge.outcomes",
    "silkbridge.announcements",
    "silkbridge.joining",
    "silkbridge.outreach",
    "silkbridge.public",
]

MIDDLEWARE = [
    # First: everything after it reads the real client address and scheme (core/proxies.py).
    "silkbridge.core.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "silkbridge.core.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # ?lang=ru shows that one response in Russian: the addresses hreflang and the sitemap give.
    "silkbridge.public.language_query.LanguageFromQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Pages that read a parameter without a form would pass NUL on to PostgreSQL.
    "silkbridge.core.nul_query.RefuseNulInQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "silkbridge.accounts.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After sign-in and messages: roles that must use two-factor authentication set it up first.
    "silkbridge.accounts.mfa_policy.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "silkbridge.urls"
WSGI_APPLICATION = "silkbridge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "silkbridge.core.context_processors.platform",
            ],
        },
    },
]

# Widgets and field groups render with Bootstrap markup from templates/django/forms/.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{PROJECT_DIR / 'silkbridge.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids upgrade deadlocks; a
    # writer waits up to 20 s for the lock (SQLite's default is 5) rather than fail a person's
    # save when another write runs long on a busy machine.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "silkbridge.accounts.backends.PlatformRoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# Accounts through django-allauth: the e-mail address is the user name and must be verified.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# The sign-up form (accounts/entrance_forms.py) adds its own password confirmation.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "silkbridge.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "silkbridge.accounts.entrance_forms.SignInForm",
    "signup": "silkbridge.accounts.entrance_forms.SignUpForm",
    "reset_password": "silkbridge.accounts.entrance_forms.ResetPasswordForm",
    "reset_password_from_key": "silkbridge.accounts.entrance_forms.ResetPasswordKeyForm",
    "change_password": "silkbridge.accounts.entrance_forms.ChangePasswordForm",
    "reauthenticate": "silkbridge.accounts.entrance_forms.ReauthenticateForm",
    "set_password": "silkbridge.accounts.entrance_forms.SetPasswordForm",
}
# Sessions last SESSION_COOKIE_AGE, as before allauth; no "remember me" box.
ACCOUNT_SESSION_REMEMBER = True
# A reset asked for an unknown address sends nothing (and looks the same to the visitor).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Verifying in the browser that signed up finishes the sign-in and goes on to `next`.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = env.int(
    "ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS", default=3
)
# Password reset links (allauth uses Django's token generator) expire after this many hours.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_HOURS", default=24) * 3600
# Sign-in, sign-up and password reset are limited by core/ratelimits.py and failed sign-ins by
# django-axes, so allauth's own counters for them are off; its others (resending a verification
# e-mail, changing a password) stay.
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": None,
    "signup": None,
    "reset_password": None,
    "reset_password_from_key": None,
}
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Failed sign-ins: lock a (user, address) pair after AXES_FAILURE_LIMIT failures for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# allauth authenticates with `email=`; this reads it (or `username`) lower-cased.
AXES_USERNAME_CALLABLE = "silkbridge.accounts.lockout.client_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False
# The address TrustedProxyMiddleware settled on, so the lock-out and the rate limits agree.
AXES_CLIENT_IP_CALLABLE = "silkbridge.core.proxies.remote_addr"

# Two-factor authentication (allauth.mfa): an authenticator app with recovery codes, offered to
# everyone and required for the platform roles listed here (accounts/mfa_policy.py): "secretariat",
# "observer", "admin" (an organisation's admin) or "all".
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "silkbridge.accounts.mfa_policy.TwoFactorPolicyAdapter"
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Silkbridge")
SILKBRIDGE_MFA_REQUIRED_ROLES = env.list("SILKBRIDGE_MFA_REQUIRED_ROLES", default=["secretariat"])
# Single sign-on through OpenID Connect, off unless SILKBRIDGE_OIDC_PROVIDERS lists providers as
# JSON (accounts/sso_settings.py, docs/operations.md). A provider's person who is new here gets an
# account after the sign-up form of single sign-on (name, language, time zone and acceptance of
# the terms and privacy notice, as at sign-up); an e-mail the provider vouches for never signs in
# to an existing account.
SOCIALACCOUNT_PROVIDERS = oidc_providers(env.str("SILKBRIDGE_OIDC_PROVIDERS", default=""))
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_FORMS = {"signup": "silkbridge.accounts.entrance_forms.SocialSignUpForm"}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_ONLY = False

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("ur", _("Urdu")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Number and date formats for the languages Django has none for (Kazakh, Urdu).
FORMAT_MODULE_PATH = ["silkbridge.core.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = PROJECT_DIR / env.str("STATIC_ROOT", default="staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = PROJECT_DIR / env.str("MEDIA_ROOT", default="media")
# Attachments live outside the web root and are served only by permission-checked views.
PRIVATE_MEDIA_ROOT = PROJECT_DIR / env.str("PRIVATE_MEDIA_ROOT", default="media/private")
# Matching: where `build_match_index` saves the index; without one, an index is built in
# process when there are at most this many organisations (demo, development).
MATCHING_INDEX_DIR = PROJECT_DIR / env.str("MATCHING_INDEX_DIR", default="media/matching-index")
MATCHING_INPROCESS_MAX_ORGANISATIONS = env.int("MATCHING_INPROCESS_MAX_ORGANISATIONS", default=5000)
SILKBRIDGE_MAX_UPLOAD_BYTES = env.int("SILKBRIDGE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# Days after an exchange application ends (refused, or its mobility over) until housekeeping
# deletes its documents and anonymises it.
SILKBRIDGE_TALENT_RETENTION_DAYS = env.int("SILKBRIDGE_TALENT_RETENTION_DAYS", default=365)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Silkbridge <noreply@silkbridge.example>"
)

# Background tasks: in-process (immediate) unless REDIS_URL names a broker for workers.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "silkbridge",
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": env.int("HUEY_WORKERS", default=2)},
    }
else:
    HUEY = {"huey_class": "huey.MemoryHuey", "name": "silkbridge", "immediate": True}

# The cache holds rate-limit counters, so every server process must see the same one: Redis
# when REDIS_URL is set, else files under SILKBRIDGE_HOME (shared by the processes of one
# machine, with no table to create; its increments are not atomic, so a burst of parallel
# requests may pass a limit by a few — acceptable for throttling, use Redis for exactness).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="silkbridge"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": PROJECT_DIR / env.str("CACHE_DIR", default="cache"),
            # Past MAX_ENTRIES Django deletes a third of the files at random, counters included.
            "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=20000)},
        }
    }

# Rate limits, counted in the cache above, as "<count>/<period>" with period s, m, h or d,
# optionally with a multiplier ("10/15m"). API (ninja's throttle): per signed-in user, or per
# address when anonymous (api.py). Sign-in, password reset and other anonymous form posts
# (django-ratelimit, core/ratelimits.py): per client address (REMOTE_ADDR); password reset also
# per e-mail address asked for.
SILKBRIDGE_API_RATE = env.str("SILKBRIDGE_API_RATE", default="600/min")
# The API throttle counts per REMOTE_ADDR only (set by core/proxies.py), never a client's
# own X-Forwarded-For, which ninja would otherwise believe.
NINJA_NUM_PROXIES = 0
SILKBRIDGE_SIGN_IN_RATE = env.str("SILKBRIDGE_SIGN_IN_RATE", default="20/m")
SILKBRIDGE_PASSWORD_RESET_RATE = env.str("SILKBRIDGE_PASSWORD_RESET_RATE", default="30/h")
SILKBRIDGE_PASSWORD_RESET_EMAIL_RATE = env.str(
    "SILKBRIDGE_PASSWORD_RESET_EMAIL_RATE", default="3/h"
)
SILKBRIDGE_ANONYMOUS_POST_RATE = env.str("SILKBRIDGE_ANONYMOUS_POST_RATE", default="20/m")
SILKBRIDGE_SIGN_UP_RATE = env.str("SILKBRIDGE_SIGN_UP_RATE", default="30/h")
# Claims on directory records one account may send (joining/views.py); besides, nobody has more
# than joining.services.MAX_OPEN_CLAIMS awaiting a decision at once.
SILKBRIDGE_CLAIM_RATE = env.str("SILKBRIDGE_CLAIM_RATE", default="10/h")
# Searches (list pages with parameters) of visitors who are not signed in (core/visitor_limits.py).
SILKBRIDGE_VISITOR_SEARCH_RATE = env.str("SILKBRIDGE_VISITOR_SEARCH_RATE", default="60/m")
# How long the results visitors share stay cached (core/public_cache.py); 0 turns it off.
SILKBRIDGE_PUBLIC_CACHE_SECONDS = env.int("SILKBRIDGE_PUBLIC_CACHE_SECONDS", default=60)

# Partnership desk: how long things stay open and when people are reminded.
SILKBRIDGE_INTRODUCTION_EXPIRY_DAYS = env.int("SILKBRIDGE_INTRODUCTION_EXPIRY_DAYS", default=14)
SILKBRIDGE_INTRODUCTION_REMINDER_DAYS = env.int("SILKBRIDGE_INTRODUCTION_REMINDER_DAYS", default=3)
SILKBRIDGE_OPPORTUNITY_DEFAULT_DAYS = env.int("SILKBRIDGE_OPPORTUNITY_DEFAULT_DAYS", default=90)
SILKBRIDGE_OPPORTUNITY_MAX_DAYS = env.int("SILKBRIDGE_OPPORTUNITY_MAX_DAYS", default=365)
SILKBRIDGE_OPPORTUNITY_REMINDER_DAYS = env.int("SILKBRIDGE_OPPORTUNITY_REMINDER_DAYS", default=7)
# Local hour (in each user's time zone) at which daily digests go out.
SILKBRIDGE_DIGEST_HOUR = env.int("SILKBRIDGE_DIGEST_HOUR", default=8)

# The two countries of the working group (ISO 3166-1 alpha-2).
SILKBRIDGE_COUNTRIES = env.list("SILKBRIDGE_COUNTRIES", default=["KZ", "PK"])
SILKBRIDGE_DATA_DIR = Path(
    env.str("SILKBRIDGE_DATA_DIR", default=str(BASE_DIR.parent.parent / "data"))
)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
# Checked before a file is expanded: an XLSX declares its size, a CSV is counted as it streams.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=100)
# A committing import whose worker has written nothing for this long is resumed (or rolled back).
IMPORT_STALL_MINUTES = env.int("IMPORT_STALL_MINUTES", default=10)
# Without REDIS_URL an import commits in a thread of the web process, so the page answers at once.
IMPORT_IN_THREAD = env.bool("IMPORT_IN_THREAD", default=True)
INVITATION_DAYS = env.int("INVITATION_DAYS", default=14)
# The forum scheduler's time budget in seconds: the default for a run, and the most an organiser
# may give one. Without REDIS_URL a run goes on in a thread of the web process, as imports do,
# so the organiser's page can show its progress (forums/schedule_progress.py).
SCHEDULE_TIME_LIMIT = env.float("SCHEDULE_TIME_LIMIT", default=10.0)
SCHEDULE_MAX_TIME_LIMIT = env.float("SCHEDULE_MAX_TIME_LIMIT", default=120.0)
SCHEDULE_IN_THREAD = env.bool("SCHEDULE_IN_THREAD", default=True)

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

NINJA_PAGINATION_PER_PAGE = 50

# Addresses or CIDR networks of the reverse proxies in front of `silkbridge serve`; only their
# X-Forwarded-For and X-Forwarded-Proto are believed (core/proxies.py, docs/operations.md).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Probes reach the process over plain HTTP on loopback; a redirect would fail them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading binds the operator's whole domain to HTTPS in browsers for good, so it stays an
# opt-in (SECURE_HSTS_PRELOAD) and `check --deploy` does not warn about it (security.W021).
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from this site;
# an inline <script> needs the request's nonce (`{{ request.csp_nonce }}`); no inline style
# attributes, no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
    }
}
# Browser features no page uses, switched off for every origin (core/security_headers.py).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Plain text lines, or one JSON object per line with LOG_FORMAT=json (core/logconfig.py).
LOGGING = logging_config(
    log_format=env.str("LOG_FORMAT", default="text"),
    level=env.str("LOG_LEVEL", default="INFO"),
    huey_level=env.str("HUEY_LOG_LEVEL", default="WARNING"),
)

# Operator endpoints: /readyz and /metrics answer direct loopback callers, the secretariat, and
# a request with `Authorization: Bearer <token>` when these tokens are set.
SILKBRIDGE_READYZ_TOKEN = env.str("SILKBRIDGE_READYZ_TOKEN", default="")
SILKBRIDGE_METRICS_TOKEN = env.str("SILKBRIDGE_METRICS_TOKEN", default="")
# Prometheus metrics (django-prometheus) at /metrics; off by default, and then not installed.
SILKBRIDGE_METRICS = env.bool("SILKBRIDGE_METRICS", default=False)
if SILKBRIDGE_METRICS:
    INSTALLED_APPS, MIDDLEWARE = with_metrics(INSTALLED_APPS, MIDDLEWARE)
