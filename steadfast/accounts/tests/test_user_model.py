import os

import pytest
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import config.settings as project_settings
from steadfast.accounts.admin import UserCreationAdminForm
from steadfast.accounts.models import User
from steadfast.core.testing import PASSWORD

from .helpers import is_logged_in, login_post


def test_the_custom_user_model_is_the_auth_user_model():
    assert project_settings.AUTH_USER_MODEL == "accounts.User"
    assert get_user_model() is User
    assert User.USERNAME_FIELD == "email"
    assert not any(field.name == "username" for field in User._meta.get_fields())


def test_argon2_is_the_first_password_hasher_in_the_settings_module():
    # The test conftest swaps in MD5 for speed, so read the module constant itself.
    assert project_settings.PASSWORD_HASHERS[0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_passwords_are_stored_with_argon2_under_the_real_settings(settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    hasher = get_hasher("default")
    assert hasher.algorithm == "argon2"
    hasher._load_library()  # argon2-cffi is installed, so production can hash at all
    # PBKDF2 stays listed only so that older hashes still verify.
    assert identify_hasher("pbkdf2_sha256$1$salt$hash").algorithm == "pbkdf2_sha256"


def test_djangos_password_validators_are_active():
    names = {v["NAME"].rsplit(".", 1)[1] for v in project_settings.AUTH_PASSWORD_VALIDATORS}
    assert names == {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }
    with pytest.raises(ValidationError, match="too short"):
        password_validation.validate_password("short")
    with pytest.raises(ValidationError, match="too common"):
        password_validation.validate_password("qwertyuiop")
    password_validation.validate_password(PASSWORD)


@pytest.mark.skipif(bool(os.environ.get("EMAIL_HOST", "").strip()), reason="SMTP configured")
def test_email_goes_to_the_console_by_default():
    assert project_settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.django_db
def test_create_user_normalises_the_email_and_hashes_the_password():
    user = User.objects.create_user(
        email="  Alice.Smith@Example.ORG ", password=PASSWORD, display_name="Alice"
    )
    user.refresh_from_db()
    assert user.email == "alice.smith@example.org"
    assert user.password != PASSWORD
    assert user.check_password(PASSWORD)
    assert user.is_person and not user.is_therapist
    assert not user.is_staff and not user.is_superuser
    assert str(user) == "Alice"


@pytest.mark.django_db
def test_create_user_requires_an_email():
    with pytest.raises(ValueError, match="email address is required"):
        User.objects.create_user(email="", password=PASSWORD, display_name="Nobody")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_create_superuser_is_staff():
    admin = User.objects.create_superuser(email="Op@Example.org", password=PASSWORD)
    assert admin.is_staff and admin.is_superuser
    assert admin.email == "op@example.org"


def test_email_is_unique_whatever_its_case(alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="ALICE@example.org", password=PASSWORD, display_name="A2")
    assert User.objects.count() == 1


def test_the_database_refuses_a_case_variant_even_past_the_model(alice):
    # bulk_create skips save(): the case-insensitive constraint itself must hold.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="ALICE@EXAMPLE.ORG", display_name="A2")])
    assert User.objects.count() == 1


def test_the_database_refuses_an_unknown_role(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="x@example.org", password=PASSWORD, role="admin")
    assert not User.objects.exists()


def test_natural_key_lookup_ignores_case(alice):
    assert User.objects.get_by_natural_key(" ALICE@Example.Org ") == alice


def test_saving_any_user_stores_the_email_normalised(db):
    # Not only create_user: the shell, fixtures and the admin all go through save().
    user = User(email="Mixed.Case@Example.ORG", display_name="Mix")
    user.set_password(PASSWORD)
    user.save()
    user.refresh_from_db()
    assert user.email == "mixed.case@example.org"


def test_an_account_made_in_the_admin_with_capitals_can_log_in(client, db):
    form = UserCreationAdminForm(
        data={
            "email": "Operator.Made@Example.ORG",
            "display_name": "Olive",
            "role": "person",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
    )
    assert form.is_valid(), form.errors
    user = form.save()
    assert user.email == "operator.made@example.org"
    response = login_post(client, "Operator.Made@Example.ORG")
    assert response.status_code == 302
    assert is_logged_in(client)


def test_the_admin_refuses_a_case_variant_of_a_taken_address(alice):
    form = UserCreationAdminForm(
        data={
            "email": "ALICE@example.org",
            "display_name": "Other",
            "role": "person",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
    )
    assert not form.is_valid()
    assert User.objects.count() == 1
