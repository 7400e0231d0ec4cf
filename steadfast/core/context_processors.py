from django.conf import settings

from .presentation import app_name_for, icon_for


def steadfast(request):
    user = getattr(request, "user", None)
    return {
        "quick_exit_url": settings.QUICK_EXIT_URL,
        "app_name": app_name_for(user),
        "app_icon": icon_for(user),
    }
