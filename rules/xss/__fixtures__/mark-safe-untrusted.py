# path: catalog/admin.py
from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Product

STAR = "&#9733;"


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "thumbnail", "rating", "tags", "description_preview", "status")

    @admin.display(description=_("Thumbnail"))
    def thumbnail(self, obj):
        # expect: mark-safe-untrusted
        return mark_safe(f'<img src="{obj.image.url}" alt="{obj.name}" width="60">')

    def rating(self, obj):
        # ok: mark-safe-untrusted
        return mark_safe(STAR * obj.rating)

    def tags(self, obj):
        # ok: mark-safe-untrusted
        return mark_safe(", ".join(escape(t.name) for t in obj.tags.all()))

    def description_preview(self, obj):
        html = "<p>" + obj.description[:200] + "</p>"
        # expect: mark-safe-untrusted
        return mark_safe(html)

    def status(self, obj):
        if obj.active:
            label = '<span class="ok">active</span>'
        else:
            label = '<span class="off">inactive</span>'
        # ok: mark-safe-untrusted
        return mark_safe(label)

    def changelist_help(self):
        # ok: mark-safe-untrusted
        return mark_safe(_("Use <b>Export</b> to download the list."))

    def card(self, obj):
        # ok: mark-safe-untrusted
        return mark_safe(render_to_string("catalog/card.html", {"product": obj}))

    def specs(self, obj):
        # ok: mark-safe-untrusted
        return format_html_join("\n", "<li>{}: {}</li>", ((k, v) for k, v in obj.specs.items()))

    def vendor_note(self, obj):
        # expect: mark-safe-untrusted
        return mark_safe(obj.vendor.note_html)

    # expect: mark-safe-untrusted
    @mark_safe
    def badge(self, obj):
        return "<b>%s</b>" % obj.badge_text
