import bleach
from django.contrib.auth.models import User
from django.db import models


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    phone = models.CharField(max_length=20, blank=True)
    bio = models.TextField(blank=True)
    bio_html = models.TextField(blank=True, editable=False)
    # Images are checked to be images, but nothing limits their size.
    # expect: upload-without-validation
    avatar = models.ImageField(upload_to="avatars/", blank=True)

    def save(self, *args, **kwargs):
        self.bio_html = bleach.clean(self.bio.replace("\n", "<br>"), tags={"br", "em", "strong"})
        super().save(*args, **kwargs)
