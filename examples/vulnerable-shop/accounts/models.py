from django.contrib.auth.models import User
from django.db import models


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    phone = models.CharField(max_length=20, blank=True)
    # ok: upload-without-validation
    avatar = models.ImageField(upload_to="avatars/", blank=True)
