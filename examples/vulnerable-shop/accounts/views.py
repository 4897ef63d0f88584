from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.generic import UpdateView

from .models import Profile

WELCOME_BANNER = "<strong>Welcome back!</strong>"


# ok: cbv-missing-access-control
class ProfileView(LoginRequiredMixin, UpdateView):
    model = Profile
    fields = ["phone", "avatar"]
    template_name = "accounts/profile.html"

    def get_object(self, queryset=None):
        return self.request.user.profile


def welcome(request):
    # The banner is a constant written by the team, so marking it safe is fine.
    banner = mark_safe(WELCOME_BANNER)  # django-sec: ignore[mark-safe-untrusted] constant HTML defined above
    return render(request, "accounts/welcome.html", {"banner": banner})
