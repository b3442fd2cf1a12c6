"""Signing in: a lockout no stranger can turn against a user, and password reset by e-mail.

django-axes counts failures per username *and* address (``AXES_LOCKOUT_PARAMETERS``), so
wrong passwords typed for ``admin`` from one machine never lock ``admin`` out of another. Axes
compares every parameter combination with one limit, so the second, higher limit, failures
from one address across any usernames, is added here; it stops one machine guessing many
accounts without touching anyone elsewhere.

Password reset uses Django's own views. Two additions: one address is sent at most one link
per ``PASSWORD_RESET_TIMEOUT`` (so the form cannot be used to flood someone's mailbox), and
setting a new password through a link lifts the lockout of that user on that device, since the
user has just proved they hold the mailbox.
"""

from __future__ import annotations

import hashlib

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db.models import Sum


class SignInLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, plus a lock on an address with too many failures overall."""

    def address_failures(self, request) -> int:
        """Failures from the request's address, over every username, within the cool-off."""
        total = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return total or 0

    def address_locked(self, request) -> bool:
        return self.address_failures(request) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out or not self.address_locked(request):
            return
        # The failure that reaches the address limit gets the lockout page at once, as the
        # one that reaches the username-and-address limit does.
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, sending one link per address per ``PASSWORD_RESET_TIMEOUT``.

    The answer is the same "check your e-mail" page whether or not an account has the address,
    and whether or not a link was sent, so the form tells no one which addresses exist.
    """

    def form_valid(self, form):
        address = form.cleaned_data["email"].strip().lower()
        key = "password-reset-sent:" + hashlib.sha256(address.encode()).hexdigest()
        if not cache.add(key, True, timeout=settings.PASSWORD_RESET_TIMEOUT):
            return super(auth_views.PasswordResetView, self).form_valid(form)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's set-a-new-password page; success also unlocks this user on this device."""

    def form_valid(self, form):
        response = super().form_valid(form)
        reset_lockout(ip=get_client_ip_address(self.request), username=form.user.get_username())
        return response


class PasswordBackend(ModelBackend):
    """Django's sign-in by username and password, granting no permission of its own.

    Every permission is the rule set's (``childrens_services.permissions``, asked through the
    ``rules`` backend); ``ModelBackend`` would also grant whatever Django permissions a user or
    group holds in the database, a second source nobody reviews, and answer every refusal by
    reading them (two queries a request: a third of a list page's own queries for a member,
    whom the "add" buttons refuse). Active superusers keep every permission: Django grants it
    before asking any backend.
    """

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()
