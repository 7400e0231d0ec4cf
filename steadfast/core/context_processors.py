from django.conf import settings


def steadfast(request):
    return {"quick_exit_url": settings.QUICK_EXIT_URL, "app_name": "Steadfast"}
