"""The roots of distrust (DESIGN.md §1), as choices a person can tie their own work to.

A person names a root only for themselves, to connect a promise or a reflection to
where it comes from; Steadfast never assigns one.
"""

from django.db import models


class Root(models.TextChoices):
    OLD_HURT = "old_hurt", "An old hurt: betrayal, infidelity or trauma"
    SELF_WORTH = "self_worth", "Insecurity, a shaky sense of my own worth"
    COMMUNICATION = "communication", "Poor communication"
    BROKEN_PROMISES = "broken_promises", "Broken promises"
    SECRETS = "secrets", "Secrets, things kept hidden"
