from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.generic import UpdateView

from .models import Profile

# ok: cbv-missing-access-control
class ProfileView(LoginRequiredMixin, UpdateView):
    model = Profile
    fields = ["phone", "bio", "avatar"]
    template_name = "accounts/profile.html"

    def get_object(self, queryset=None):
        return self.request.user.profile


def welcome(request):
    profile = request.user.profile
    bio = mark_safe(profile.bio_html)  # django-sec: ignore[mark-safe-untrusted] bio_html is cleaned with bleach in Profile.save()
    return render(request, "accounts/welcome.html", {"bio": bio})
