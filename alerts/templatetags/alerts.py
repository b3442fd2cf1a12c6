"""``{% load alerts %}{% follow_button record %}``: the follow button any app's page shows.

Registered by alerts so that pages of the apps below it (a committee's page in governance)
can show the button without importing alerts: a template names the tag library, Python does
not import it (the layers contract in pyproject.toml holds).
"""

from __future__ import annotations

from django import template
from django.contrib.contenttypes.models import ContentType

from alerts.forms import follow_value
from alerts.models import Subscription
from childrens_services.events import TOPICS

register = template.Library()


@register.inclusion_tag("alerts/_follow_button.html", takes_context=True)
def follow_button(context, target) -> dict:
    """A form that follows ``target`` (a record, or a topic name such as "forward-plan"),
    or stops following it when the person already does; posts back to this page."""
    request = context["request"]
    if isinstance(target, str):
        lookup, name = {"topic": target}, TOPICS[target]
    else:
        ct = ContentType.objects.get_for_model(target)
        lookup, name = {"topic": "", "content_type": ct, "object_id": target.pk}, str(target)
    existing = Subscription.objects.of(request.user).filter(**lookup).first()
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "subscription": existing,
        "value": follow_value(target),
        "name": name,
        "next": request.get_full_path(),
    }
