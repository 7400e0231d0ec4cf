"""Plain-Python test data: people, couples and a logged-in client.

The personas match STYLE.md §8: alice & bob (a couple), carol & dan (another
couple), sam (on their own), theo (a therapist who will hold a grant) and tina
(a therapist without one).
"""

import html
import re

from steadfast.accounts.models import User
from steadfast.couples.models import Couple, Membership

PASSWORD = "correct horse battery staple"  # noqa: S105  (test data)


def make_person(name, *, email=None, password=PASSWORD, role=User.Role.PERSON):
    email = email or f"{name.lower()}@example.org"
    return User.objects.create_user(
        email=email, password=password, display_name=name.capitalize(), role=role
    )


def make_therapist(name, **kwargs):
    return make_person(name, role=User.Role.THERAPIST, **kwargs)


def link(first, second):
    couple = Couple.objects.create()
    Membership.objects.bulk_create(
        [Membership(couple=couple, person=first), Membership(couple=couple, person=second)]
    )
    return couple


def make_personas():
    people = {name: make_person(name) for name in ["alice", "bob", "carol", "dan", "sam"]}
    people["theo"] = make_therapist("theo")
    people["tina"] = make_therapist("tina")
    link(people["alice"], people["bob"])
    link(people["carol"], people["dan"])
    return people


# --- Reading pages and rows in tests ----------------------------------------------------

CSRF_PATTERNS = [
    re.compile(r'(<meta name="csrf-token" content=")[^"]*(")'),
    re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")'),
]
SUBMISSION_KEY = re.compile(r'<input type="hidden" name="submission_key" value="([^"]*)"')


def page_text(response):
    """The body as text, HTML entities decoded (a response, or content already taken)."""
    content = response if isinstance(response, str | bytes) else response.content
    return html.unescape(content.decode() if isinstance(content, bytes) else content)


def strip_csrf(content):
    """The page with every (per-render masked) CSRF token blanked out."""
    text = content.decode() if isinstance(content, bytes) else content
    for pattern in CSRF_PATTERNS:
        text = pattern.sub(r"\1\2", text)
    return text


def submission_key_of(response):
    """The one-time key a form page carries."""
    keys = SUBMISSION_KEY.findall(response.content.decode())
    assert len(keys) == 1, "the page should carry exactly one submission key"
    return keys[0]


def fieldset_of(response, name):
    """The <fieldset> (question, choices and errors) holding the radios named `name`."""
    for fieldset in re.findall(r"<fieldset\b.*?</fieldset>", page_text(response), re.S):
        if f'name="{name}"' in fieldset:
            return fieldset
    raise AssertionError(f"no fieldset for {name!r}")


def checked(fieldset):
    """The values of the radios ticked in a fieldset."""
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in re.findall(r"<input\b[^>]*>", fieldset)
        if re.search(r"\bchecked\b", tag)
    ]


def rows(model, **lookup):
    """Every row of `model` as {column: value}, encrypted values opened through the model."""
    fields = model._meta.concrete_fields
    return [
        {field.attname: getattr(record, field.attname) for field in fields}
        for record in model.objects.filter(**lookup).order_by("pk")
    ]


# --- Therapists: two-step sign-in and grants ---------------------------------------------


def pass_second_step(client, user):
    """Mark a logged-in test client's session as having passed two-step sign-in, as the
    code page does; the user gets a confirmed authenticator if they have none."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def make_grant(client, therapist, *categories, accepted=True):
    """`client`'s grant to `therapist` for `categories` (all but safety if none named)."""
    from django.utils import timezone

    from steadfast.practice.categories import CATEGORY_FIELDS, Category
    from steadfast.practice.models import Grant

    chosen = set(categories) or set(CATEGORY_FIELDS) - {Category.SAFETY}
    return Grant.objects.create(
        client=client,
        therapist_email=therapist.email,
        therapist=therapist if accepted else None,
        accepted_at=timezone.now() if accepted else None,
        **{field: field in chosen for field in CATEGORY_FIELDS},
    )
