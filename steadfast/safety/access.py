from steadfast.core.access import get_visible_or_404

from .models import CheckIn


def get_checkin_for(user, key):
    """A check-in its owner may open. Everyone else gets 404, a linked partner included.

    Check-ins are addressed by their random key, never by their sequential id: gaps in
    a person's own ids would tell them how many check-ins others made in between.
    """
    return get_visible_or_404(CheckIn.objects.filter(owner=user), user, submission_key=key)
