"""The demo sign-ins work on the sign-in page exactly as documented, with no e-mail to verify."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from silkbridge.directory.seed.demo import generate_demo
from silkbridge.directory.seed.demo_users import DEMO_PASSWORD, create_demo_users

pytestmark = pytest.mark.django_db


def test_every_demo_account_signs_in_with_the_published_password():
    generate_demo(scale=10, seed=1)
    # Created twice, as `make run` may on a second start: still one verified address each.
    create_demo_users()
    sign_ins = create_demo_users()

    for email, _role in sign_ins:
        browser = Client()
        response = browser.post(
            reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, email
        assert response.url != reverse("account_email_verification_sent"), email
        assert SESSION_KEY in browser.session, email
