# path: polls/views.py
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.views.generic import UpdateView, View

from .models import Poll


@login_required
# expect: permission-required-redirects
@permission_required("polls.change_poll")
def edit_poll(request, pk):
    poll = get_object_or_404(Poll, pk=pk)
    return render(request, "polls/edit.html", {"poll": poll})


@login_required
# ok: permission-required-redirects
@permission_required("polls.delete_poll", raise_exception=True)
def delete_poll(request, pk):
    get_object_or_404(Poll, pk=pk).delete()
    return render(request, "polls/deleted.html")


# ok: permission-required-redirects
class PollUpdateView(PermissionRequiredMixin, UpdateView):
    model = Poll
    fields = ["question"]
    permission_required = "polls.change_poll"


# expect: permission-required-redirects
@method_decorator(permission_required("polls.view_results"), name="dispatch")
class ResultsView(View):
    def get(self, request, pk):
        return render(request, "polls/results.html")
