# path: documents/models.py
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models


def validate_file_size(value):
    if value.size > 5 * 1024 * 1024:
        raise ValidationError("File too large. Max size is 5MB.")


class Document(models.Model):
    title = models.CharField(max_length=200)
    # ok: upload-without-validation
    file = models.FileField(upload_to="documents/", validators=[FileExtensionValidator(["pdf", "docx"]), validate_file_size])
    # expect: upload-without-validation
    attachment = models.FileField(upload_to="attachments/", blank=True)
    # expect: upload-without-validation
    cover = models.ImageField(upload_to="covers/", blank=True)


class ImportForm(forms.Form):
    # ok: upload-without-validation
    csv_file = forms.FileField()

    def clean_csv_file(self):
        f = self.cleaned_data["csv_file"]
        if not f.name.endswith(".csv"):
            raise ValidationError("CSV files only.")
        return f


class FeedbackForm(forms.Form):
    message = forms.CharField(widget=forms.Textarea)
    # expect: upload-without-validation
    screenshot = forms.FileField(required=False)
