"""Back-office administration of the register (Django admin, with change history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from partnership.models import Body, Group, Membership, Partnership, Person


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "body_type", "visibility"]
    list_filter = ["partnership", "body_type"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "initials", "partnership", "body", "visibility"]
    list_filter = ["partnership"]
    search_fields = ["name", "initials", "email"]


@admin.register(Group)
class GroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "kind", "end_date"]
    list_filter = ["partnership", "kind"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "group", "role", "status", "approved_on"]
    list_filter = ["status", "role"]
