"""Pages: what I follow (with each subscription's frequency), follow and stop following (forms
that work without JavaScript), and unsubscribing from an e-mail's link without signing in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alerts.forms import FollowForm, FrequencyForm, follow_value
from alerts.models import FeedKey, Subscription
from alerts.tokens import BadToken, feed_token, read_unsubscribe_token
from childrens_services.events import TOPICS
from childrens_services.permissions import authorities_with_records, restrict
from governance.models import Authority, Committee
from savings.models import SavingsProgramme


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the page the button was on (``next``, this site only), else What I follow."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("alerts:following")
    return HttpResponseRedirect(target)


def _choices(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the person may follow from this page, grouped: the topics, committees,
    authorities and savings programmes they may read (contracts from the API)."""
    committees = restrict(user, Committee.objects.select_related("authority", "partnership"))
    authorities = authorities_with_records(user, Authority.objects.order_by("name"))
    programmes = restrict(user, SavingsProgramme.objects.order_by("name"))
    return [
        ("Topics", [(follow_value(key), name) for key, name in TOPICS.items()]),
        ("Committees", [(follow_value(c), str(c)) for c in committees]),
        ("Authorities", [(follow_value(a), a.name) for a in authorities]),
        ("Savings programmes", [(follow_value(p), str(p)) for p in programmes]),
    ]


@login_required
@require_GET
def following(request: HttpRequest) -> HttpResponse:
    subscriptions = list(
        Subscription.objects.of(request.user).select_related("content_type").order_by("pk")
    )
    forms = [(sub, FrequencyForm(instance=sub, prefix=f"s{sub.pk}")) for sub in subscriptions]
    token = feed_token(request.user, FeedKey.of(request.user).key)
    return render(
        request,
        "alerts/following.html",
        {
            "forms": forms,
            "choices": _choices(request.user),
            "frequencies": Subscription.Frequency.choices,
            "has_email": bool(request.user.email),
            "calendar_url": request.build_absolute_uri(reverse("alerts:calendar", args=[token])),
            "atom_url": request.build_absolute_uri(reverse("alerts:atom", args=[token])),
        },
    )


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request)
    sub, made = form.subscription()
    if made:
        messages.success(request, f"You now follow {sub.describe()}.")
    else:
        messages.info(request, f"You already follow {sub.describe()}.")
    return _back(request)


def _own(request: HttpRequest, pk: int) -> Subscription:
    return get_object_or_404(Subscription.objects.of(request.user), pk=pk)


@login_required
@require_POST
def unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _own(request, pk)
    what = sub.describe()
    sub._history_user = request.user
    sub._change_reason = "Stopped following"
    sub.delete()
    messages.success(request, f"You no longer follow {what}.")
    return _back(request)


@login_required
@require_POST
def frequency(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _own(request, pk)
    form = FrequencyForm(request.POST, instance=sub, prefix=f"s{sub.pk}")
    if form.is_valid():
        sub = form.save(commit=False)
        sub._history_user = request.user
        sub._change_reason = "Frequency changed"
        sub.save()
        messages.success(
            request, f"{sub.describe()}: {sub.get_frequency_display().lower()}, from now on."
        )
    else:
        for error in form.errors.get("__all__", []) + form.errors.get("frequency", []):
            messages.error(request, error)
    return _back(request)


@login_required
@require_POST
def renew_feeds(request: HttpRequest) -> HttpResponse:
    """New feed addresses for the person; the old ones stop working at once."""
    feed_key = FeedKey.of(request.user)
    feed_key._history_user = request.user
    feed_key.renew()
    messages.success(
        request, "Your feed addresses have changed; the old ones no longer work. Copy the new ones."
    )
    return HttpResponseRedirect(reverse("alerts:following"))


@csrf_exempt  # the token is the credential: mail programs POST here without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (a link scanner opening it removes nothing); POST removes the one subscription
    the token names, signed in or not: the form's button, or a mail program's one-click POST."""
    try:
        sub_pk, user_pk = read_unsubscribe_token(token)
    except BadToken:
        return render(request, "alerts/unsubscribe.html", {"bad": True}, status=400)
    sub = Subscription.objects.filter(pk=sub_pk, user_id=user_pk).first()
    if sub is None:
        return render(request, "alerts/unsubscribe.html", {"gone": True})
    if request.method == "POST":
        what = sub.describe()
        sub._history_user = sub.user
        sub._change_reason = "Unsubscribed from an e-mail's link"
        sub.delete()
        return render(request, "alerts/unsubscribe.html", {"done": True, "what": what})
    return render(request, "alerts/unsubscribe.html", {"what": sub.describe(), "token": token})
