"""Sign in and out, reset a forgotten password, and see your own account."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from accounts.forms import NewPasswordForm, ResetRequestForm, SignInForm
from accounts.selectors import roles_of
from accounts.throttle import address_is_throttled
from accounts.tokens import invitation_token


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if address_is_throttled(request):
            return render(request, "accounts/locked_out.html", status=429)
        return super().post(request, *args, **kwargs)


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class ResetRequestView(auth_views.PasswordResetView):
    template_name = "accounts/reset_request.html"
    form_class = ResetRequestForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")


class ResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/reset_sent.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class InvitationView(ResetConfirmView):
    """A new coordinator chooses their first password from the invitation e-mail."""

    token_generator = invitation_token
    reset_url_token = "choose-password"  # noqa: S105 (a URL segment, not a secret)


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/reset_complete.html"


@login_required
def profile(request):
    """Your roles in each partnership."""
    return render(request, "accounts/profile.html", {"roles": roles_of(user=request.user)})
