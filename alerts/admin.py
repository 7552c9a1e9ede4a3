"""Admin views of alerts: announcements, subscribers and what was sent (bounces included)."""

from django.contrib import admin

from alerts.models import Announcement, Delivery, Subscriber, Subscription


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "partnership", "group", "visibility", "created", "fanned_out"]
    list_filter = ["kind", "visibility"]
    search_fields = ["title", "key"]


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "user", "hard_bounces", "suspended_at", "created"]
    list_filter = ["suspended_at"]
    search_fields = ["email"]
    exclude = ["secret"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["subscriber", "group", "frequency", "confirmed_at"]
    list_filter = ["frequency"]
    search_fields = ["subscriber__email", "group__name"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["announcement", "subscription", "status", "sent_at", "created"]
    list_filter = ["status"]
    search_fields = ["subscription__subscriber__email", "error"]
    readonly_fields = ["announcement", "subscription", "status", "error", "sent_at"]
