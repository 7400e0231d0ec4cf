"""Operators see that security events happen, and when: their kind and time, nothing more.

Not whose they are, nor the device or network: that is the person's own business, on
their own page. Nobody may add, change or delete an event here.
"""

from django.contrib import admin

from .models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind"]
    list_filter = ["kind"]
    fields = ["at", "kind"]
    readonly_fields = fields
    ordering = ["-at"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
