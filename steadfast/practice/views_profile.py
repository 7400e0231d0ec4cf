"""A therapist's own listing on the help page (/care/help/): opt in, write it, take it down.

Under /practice/profile/, behind the same two-step check as the other practice pages. The
page holds only what the therapist writes for the public; nothing about any client.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from steadfast.core.access import therapist_required

from .forms import ProfileForm
from .models import TherapistProfile


def profile_of(therapist):
    """The therapist's profile, or a new unsaved one (not listed) with their name."""
    found = TherapistProfile.objects.filter(therapist=therapist).first()
    return found or TherapistProfile(therapist=therapist, name=therapist.display_name)


@therapist_required
@require_http_methods(["GET", "POST"])
def edit(request):
    profile = profile_of(request.user)
    # As stored, before the form copies what was posted onto the object.
    listed_now = profile.pk is not None and profile.listed
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            if profile.listed:
                messages.success(request, "Saved. Your listing is on the help page.")
            else:
                messages.success(request, "Saved. You are not listed on the help page.")
            return redirect("practice_profile:edit")
        status = 400
    else:
        status = 200
    context = {"form": form, "profile": profile, "listed_now": listed_now}
    return render(request, "practice/profile.html", context, status=status)
