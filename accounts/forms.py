"""Sign-in and password forms, labelled for people rather than for Django."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm

from accounts.models import User


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    error_messages = {
        "invalid_login": "Enter a correct e-mail address and password. After 5 wrong attempts "
        "the account is locked for 30 minutes.",
        "inactive": "This account has been switched off. Ask your coordinator.",
    }


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="E-mail address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def get_users(self, email: str):
        """Active users with this address in any case, including those who have no password
        yet (a new coordinator whose invitation expired): Django's default skips them."""
        return User.objects.filter(email__iexact=email.strip(), is_active=True)


class NewPasswordForm(SetPasswordForm):
    pass
