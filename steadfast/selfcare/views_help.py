from django.shortcuts import render
from django.views.decorators.http import require_GET

from steadfast.core.access import public

from . import directories

# --- Getting professional help (public) -------------------------------------------------------


@public
@require_GET
def help_page(request):
    """Who to turn to and what to expect. Public, like the support page: someone deciding
    whether to look for a therapist may not have (or want) an account, and the page holds
    nothing about anyone. The person's country (or ?country=) picks which directories
    come first; they are links only.

    TODO(practice issue): list therapists registered on this server once they can choose to
    publish a profile. Until then nobody is listed: a therapist account has not consented
    to being named to the world, and a list would say who practises here.
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
    }
    return render(request, "selfcare/help.html", context)
