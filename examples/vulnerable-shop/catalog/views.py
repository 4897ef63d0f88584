from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.db import connection
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from .forms import ProductForm, SearchForm
from .models import Product

# ok: mark-safe-untrusted
STAR_ICON = mark_safe('<svg class="icon" aria-hidden="true"><use href="#star"></use></svg>')


def search(request):
    form = SearchForm(request.GET)
    products = Product.objects.none()
    if form.is_valid():
        term = form.cleaned_data["q"]
        # ok: raw-sql-interpolation
        products = Product.objects.raw("SELECT * FROM catalog_product WHERE name ILIKE %s", [f"%{term}%"])
    return render(request, "catalog/search.html", {"form": form, "products": products})


def top_sellers(category_slug, limit):
    with connection.cursor() as cursor:
        # expect: raw-sql-interpolation
        cursor.execute(
            "SELECT p.id, p.name FROM catalog_product p JOIN catalog_category c ON c.id = p.category_id "
            "WHERE c.slug = '%s' ORDER BY p.sold DESC LIMIT %d" % (category_slug, limit)
        )
        return cursor.fetchall()


def rating_badge(review):
    # expect: mark-safe-untrusted
    return mark_safe("<span class='badge'>" + review.body[:40] + "</span>")


def safe_badge(review):
    # ok: mark-safe-untrusted
    return mark_safe("<span class='badge'>%s</span>" % escape(review.body[:40]))


def product_link(product):
    # expect: format-html-misuse
    return format_html(f'<a href="/catalog/{product.slug}/">{product.name}</a>')


def category_link(category):
    # ok: format-html-misuse
    return format_html('<a href="/catalog/?c={}">{}</a>', category.slug, category.name)


# ok: cbv-missing-access-control
class ProductListView(ListView):
    model = Product
    paginate_by = 24


# ok: cbv-missing-access-control
class ProductDetailView(DetailView):
    model = Product


# expect: cbv-missing-access-control
class ProductUpdateView(UpdateView):
    model = Product
    form_class = ProductForm


# Since Django 2.1 the mixin answers 403 to logged-in users without the permission.
# ok: cbv-missing-access-control, permission-required-redirects
class ProductCreateView(LoginRequiredMixin, PermissionRequiredMixin, CreateView):
    model = Product
    form_class = ProductForm
    permission_required = "catalog.add_product"


# ok: cbv-missing-access-control, permission-required-redirects
class ProductDeleteView(LoginRequiredMixin, PermissionRequiredMixin, DeleteView):
    model = Product
    permission_required = "catalog.delete_product"
    raise_exception = True
    success_url = reverse_lazy("catalog:list")


@login_required
# expect: permission-required-redirects
@permission_required("catalog.can_publish")
def publish_product(request, slug):
    product = get_object_or_404(Product, slug=slug)
    product.published = True
    product.save(update_fields=["published"])
    return redirect("catalog:detail", slug=slug)


@login_required
# ok: permission-required-redirects
@permission_required("catalog.can_publish", raise_exception=True)
def unpublish_product(request, slug):
    Product.objects.filter(slug=slug).update(published=False)
    return redirect("catalog:detail", slug=slug)
