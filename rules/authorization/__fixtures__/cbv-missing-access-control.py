# path: blog/views.py
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin, UserPassesTestMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import PermissionDenied
from django.urls import reverse_lazy
from django.views.generic import CreateView, DeleteView, DetailView, FormView, ListView, UpdateView

from .forms import CommentForm, ContactForm, PostForm
from .models import Comment, Post


class PostListView(ListView):
    model = Post


class PostDetailView(DetailView):
    model = Post


# ok: cbv-missing-access-control
class PostCreateView(LoginRequiredMixin, CreateView):
    model = Post
    form_class = PostForm

    def form_valid(self, form):
        form.instance.author = self.request.user
        return super().form_valid(form)


# ok: cbv-missing-access-control
class PostUpdateView(LoginRequiredMixin, PermissionRequiredMixin, UpdateView):
    model = Post
    permission_required = "blog.change_post"
    raise_exception = True

    def get_queryset(self):
        return Post.objects.filter(author=self.request.user)


# expect: cbv-missing-access-control
class PostDeleteView(SuccessMessageMixin, DeleteView):
    model = Post
    success_url = reverse_lazy("blog:list")
    success_message = "Post deleted"


class OwnerOnlyMixin:
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if obj.author_id != self.request.user.pk:
            raise PermissionDenied
        return obj


# ok: cbv-missing-access-control
class CommentUpdateView(OwnerOnlyMixin, UpdateView):
    model = Comment
    form_class = CommentForm


# expect: cbv-missing-access-control
class CommentCreateView(CreateView):
    model = Comment
    form_class = CommentForm


# ok: cbv-missing-access-control
class ContactView(FormView):
    form_class = ContactForm
    template_name = "blog/contact.html"


# ok: cbv-missing-access-control
class ModeratorDeleteView(UserPassesTestMixin, DeleteView):
    model = Comment

    def test_func(self):
        return self.request.user.groups.filter(name="moderators").exists()


class PublishView(UpdateView,
                  # expect: cbv-missing-access-control
                  LoginRequiredMixin):
    model = Post
    fields = ["published"]
