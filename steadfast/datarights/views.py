"""The "Your data" page: download everything, and what deleting the account keeps."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from steadfast import audit
from steadfast.core.access import person_required

from . import export
from .forms import MEASURES_FHIR, DownloadForm


@person_required
@require_http_methods(["GET", "POST"])
def your_data(request):
    posted = request.POST if request.method == "POST" else None
    form = DownloadForm(posted, user=request.user, request=request)
    if form.is_valid():
        return _download(request, form.cleaned_data["what"])
    context = {"form": form, "backup_days": settings.BACKUP_RETENTION_DAYS}
    return render(request, "datarights/data.html", context)


def _download(request, what):
    user = request.user
    if what == MEASURES_FHIR:
        document = export.build_fhir(user, base_url=request.build_absolute_uri("/"))
        content_type, name = export.FHIR_JSON, export.filename(user, "fhir")
    else:
        document = export.build(user)
        content_type, name = export.JSON, export.filename(user, "export")
    audit.record(user, "data_exported", request, format=what)
    response = HttpResponse(export.as_bytes(document), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # NoStoreMiddleware says the same for every response; a download must not rely on it.
    response["Cache-Control"] = "no-store"
    return response
