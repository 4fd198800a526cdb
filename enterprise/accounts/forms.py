"""allauth's forms with the site's wording."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.webauthn import forms as allauth_webauthn_forms
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """Username or e-mail address and password; the reset link sits under
    the form (templates/account/login.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or e-mail address")
        self.fields["login"].widget.attrs.update(
            placeholder="", autocomplete="username"
        )
        self.fields["password"].help_text = ""
        self.fields["password"].widget.attrs.pop("placeholder", None)


class AddWebAuthnForm(allauth_webauthn_forms.AddWebAuthnForm):
    """allauth's form; its name field's label was left in English."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name of the key")
        self.fields["name"].help_text = _("For example: the office YubiKey")
