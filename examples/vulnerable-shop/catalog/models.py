from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models


def validate_file_size(value):
    if value.size > 5 * 1024 * 1024:
        raise ValidationError("File too large. The limit is 5 MB.")


class Category(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)

    def __str__(self):
        return self.name


class Product(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    description = models.TextField(help_text="HTML written by the merchandising team.")
    price = models.DecimalField(max_digits=10, decimal_places=2)
    published = models.BooleanField(default=False)
    # expect: upload-without-validation
    spec_sheet = models.FileField(upload_to="specs/", blank=True)
    # ok: upload-without-validation
    manual = models.FileField(
        upload_to="manuals/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_file_size],
    )

    class Meta:
        permissions = [("can_publish", "Can publish products")]

    def __str__(self):
        return self.name


class Review(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey("auth.User", on_delete=models.CASCADE)
    rating = models.PositiveSmallIntegerField()
    body = models.TextField()
