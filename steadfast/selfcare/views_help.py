from django.shortcuts import render
from django.views.decorators.http import require_GET

from steadfast.core.access import public
from steadfast.practice.models import TherapistProfile

from . import directories

# --- Getting professional help (public) -------------------------------------------------------


@public
@require_GET
def help_page(request):
    """Who to turn to and what to expect. Public, like the support page: someone deciding
    whether to look for a therapist may not have (or want) an account, and the page holds
    nothing about anyone. The person's country (or ?country=) picks which directories
    come first; they are links only.

    Therapists on this server are listed only when they chose to be (their profile at
    /practice/profile/, off by default) and their account is active: a therapist account
    has not otherwise consented to being named to the world. A listing shows what the
    therapist wrote for the public, never who their clients are or how many.
    """
    chosen = request.GET.get("country")
    if chosen is None:
        chosen = getattr(request.user, "country", "") if request.user.is_authenticated else ""
    chosen = chosen.strip().upper()
    home, others, international = directories.for_country(chosen)
    choices = [("", "Somewhere else")] + [
        (code, entry["name"]) for code, entry in directories.countries_by_name()
    ]
    context = {
        "home": home,
        "others": others,
        "international": international,
        "country": chosen if home is not None else "",
        "country_choices": choices,
        "therapists": list(TherapistProfile.objects.published()),
    }
    return render(request, "selfcare/help.html", context)
