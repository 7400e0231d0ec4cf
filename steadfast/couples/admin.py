from django.contrib import admin

from .models import Couple, Invitation


@admin.register(Couple)
class CoupleAdmin(admin.ModelAdmin):
    list_display = ["pk", "linked_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["pk", "inviter", "created_at", "expires_at", "used_at", "withdrawn_at"]
    readonly_fields = ["code_digest"]
