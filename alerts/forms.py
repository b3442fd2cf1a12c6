"""The follow form (one hidden value naming what to follow) and the frequency form."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from alerts.models import FOLLOWABLE, Subscription
from childrens_services.events import TOPICS
from childrens_services.forms import VersionedModelForm
from childrens_services.permissions import may

TOPIC_PREFIX = "topic:"


def follow_value(target) -> str:
    """The form value naming ``target``: ``governance.committee:12`` or ``topic:forward-plan``."""
    if isinstance(target, str):
        return f"{TOPIC_PREFIX}{target}"
    return f"{target._meta.label_lower}:{target.pk}"


class FollowForm(forms.Form):
    """Follow one record or topic. Refuses, saying why, anything that cannot be followed or
    that the person may not read (answered as "no such record", as a 404 would)."""

    follow = forms.CharField(max_length=80, widget=forms.HiddenInput)
    frequency = forms.ChoiceField(
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATE,
        required=False,
        label="How often to be told",
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.target = None

    def clean_follow(self) -> str:
        value = self.cleaned_data["follow"]
        if value.startswith(TOPIC_PREFIX):
            topic = value.removeprefix(TOPIC_PREFIX)
            if topic not in TOPICS:
                raise forms.ValidationError(f"There is no topic called {topic!r} to follow.")
            self.target = topic
            return value
        label, _, pk = value.partition(":")
        if label not in FOLLOWABLE:
            kinds = ", ".join(name.lower() for name in FOLLOWABLE.values())
            raise forms.ValidationError(f"Only a {kinds} or a topic can be followed.")
        if not pk.isascii() or not pk.isdigit():
            raise forms.ValidationError("Name the record to follow by its number.")
        model = apps.get_model(label)
        record = model._default_manager.filter(pk=int(pk)).first()
        if record is None or not may(self.user, "view", record):
            raise forms.ValidationError(f"No {FOLLOWABLE[label].lower()} has that number.")
        self.target = record
        return value

    def subscription(self) -> tuple[Subscription, bool]:
        """The person's subscription to the target, made now or found; whether it was made."""
        frequency = self.cleaned_data.get("frequency") or Subscription.Frequency.IMMEDIATE
        if isinstance(self.target, str):
            lookup = {"topic": self.target}
        else:
            lookup = {
                "topic": "",
                "content_type": ContentType.objects.get_for_model(self.target),
                "object_id": self.target.pk,
            }
        existing = Subscription.objects.of(self.user).filter(**lookup).first()
        if existing is not None:
            return existing, False
        sub = Subscription(user=self.user, frequency=frequency, **lookup)
        sub._history_user = self.user
        sub._change_reason = "Followed"
        try:
            with transaction.atomic():
                sub.save()
        except IntegrityError:  # the same person's second click, saved first
            return Subscription.objects.of(self.user).get(**lookup), False
        return sub, True


class FrequencyForm(VersionedModelForm):
    """How often one subscription tells its person: at once or in a daily digest."""

    class Meta:
        model = Subscription
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}
        labels = {"frequency": "How often"}
