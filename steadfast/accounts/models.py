from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def normalize_email(self, email):
        # The whole address is compared without case: people type it both ways.
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email(username))

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A Steadfast account. The email address is the login."""

    class Role(models.TextChoices):
        PERSON = "person", "Person"
        THERAPIST = "therapist", "Therapist"

    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = models.CharField(
        max_length=60, help_text="The name the app uses for you, and that a linked partner sees."
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.PERSON)
    country = models.CharField(
        max_length=2,
        blank=True,
        help_text="ISO 3166 country code, for showing support services near the person.",
    )
    discreet = models.BooleanField(
        default=False,
        help_text="Show a neutral name and icon in the browser tab and in emails.",
    )
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="IANA time zone name; empty means the site's. Days and reminders follow it.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Raised to end every other session of the account (steadfast/accounts/sessions.py).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=["person", "therapist"]),
                name="accounts_user_role_valid",
            ),
        ]

    def __str__(self):
        return self.display_name or self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def save(self, *args, **kwargs):
        # Every way in (admin, shell, fixtures) stores the address as the login looks it up.
        self.email = type(self).objects.normalize_email(self.email)
        full_update = not (self._state.adding or kwargs.get("force_insert"))
        if full_update and kwargs.get("update_fields") is None:
            # Only sessions.end_other_sessions writes the session generation, with an atomic
            # increment: a full save from a copy loaded before it must not write back the old
            # number and so bring the ended sessions back.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "session_generation"
            ]
        super().save(*args, **kwargs)

    @property
    def is_person(self):
        return self.role == self.Role.PERSON

    @property
    def is_therapist(self):
        return self.role == self.Role.THERAPIST

    def get_short_name(self):
        return self.display_name

    def get_full_name(self):
        return self.display_name
