# path: shop/templatetags/shop_tags.py
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()

BADGE_CLASS = "badge badge-info"


@register.simple_tag
def product_link(product):
    # ok: format-html-misuse
    return format_html('<a href="{}">{}</a>', product.get_absolute_url(), product.name)


@register.simple_tag
def badge(label):
    # ok: format-html-misuse
    return format_html(f'<span class="{BADGE_CLASS}">{{}}</span>', label)


@register.simple_tag
def price(amount, currency):
    # expect: format-html-misuse
    return format_html(f"<b>{amount}</b> {currency}")


@register.simple_tag
def greeting(user):
    # expect: format-html-misuse
    return format_html(_("Hello <b>%s</b>, {}!") % user.first_name, user.last_login)


@register.simple_tag
def divider():
    # expect: format-html-misuse
    return format_html("<hr>")


@register.simple_tag
def tag_list(tags):
    # ok: format-html-misuse
    return format_html_join(", ", "<i>{}</i>", ((t.name,) for t in tags))
