"""Feeds a calendar program or feed reader fetches without signing in: the meetings as
iCalendar, the published papers and decisions as Atom (Django's syndication framework).

Decided: **per-person feed URLs with a signed token** (``alerts.tokens.feed_token``), not
public-only feeds. Nothing here is public to anonymous readers (the site's rule set gives
them no records), and a clerk's feed should hold their own authority's exempt meetings and
papers; so each feed is read as the person the token names, through the same rule set as
their pages (``restrict`` and ``may``), judged at each fetch. An inactive account's feeds are
empty. The token holds the person's feed key (``alerts.FeedKey``): "Change my feed
addresses" on What I follow makes the old addresses stop working.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from alerts.models import Event
from alerts.tokens import BadToken, read_feed_token
from childrens_services.permissions import may, restrict
from governance.models import Meeting

#: The events the Atom feed lists: papers and decisions as they are published.
ATOM_KINDS = ("report.published", "decision.published", "decision.called_in")
#: How many entries the Atom feed holds, and how many events it reads to find them.
ATOM_ENTRIES = 50
ATOM_SCAN = 500
#: How far back the calendar goes (it always holds every meeting to come).
CALENDAR_PAST_DAYS = 366


def reader(token: str):
    """The person a feed token names, or 404 (a bad token and a removed person alike)."""
    try:
        pk, key = read_feed_token(token)
    except BadToken as exc:
        raise Http404("This feed address is not valid.") from exc
    user = (
        get_user_model()._default_manager.filter(pk=pk, is_active=True, feed_key__key=key).first()
    )
    if user is None:
        raise Http404("This feed address is not valid, or was replaced by a newer one.")
    return user


def meetings_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The meetings the reader may see, from a year ago on, as an iCalendar file."""
    user = reader(token)
    since = timezone.localdate() - dt.timedelta(days=CALENDAR_PAST_DAYS)
    meetings = restrict(user, Meeting.objects.select_related("committee")).filter(date__gte=since)
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Children's services//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Committee meetings")
    host = request.get_host().split(":")[0]
    for meeting in meetings.order_by("date", "pk"):
        entry = CalendarEvent()
        entry.add("uid", f"meeting-{meeting.pk}@{host}")
        entry.add("summary", str(meeting.committee))
        if meeting.start_time is not None:
            entry.add("dtstart", dt.datetime.combine(meeting.date, meeting.start_time, zone))
        else:
            entry.add("dtstart", meeting.date)
        entry.add("dtstamp", timezone.now())
        if meeting.venue:
            entry.add("location", meeting.venue)
        if meeting.status == Meeting.Status.CANCELLED:
            entry.add("status", "CANCELLED")
        entry.add("url", request.build_absolute_uri(reverse("reports:meeting", args=[meeting.pk])))
        calendar.add_component(entry)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


class PapersFeed(Feed):
    """Published papers and decisions the reader may see, newest first (Atom)."""

    feed_type = Atom1Feed
    title = "Published papers and decisions"
    subtitle = "Committee papers and decisions as they are published."

    def get_object(self, request, token: str):
        return reader(token)

    def link(self, user) -> str:
        return reverse("alerts:following")

    def items(self, user) -> list[Event]:
        visible = []
        events = Event.objects.filter(kind__in=ATOM_KINDS).select_related("content_type")
        for event in events.order_by("-happened_at", "-pk")[:ATOM_SCAN]:
            record = event.record
            if record is not None and may(user, "view", record):
                visible.append(event)
                if len(visible) == ATOM_ENTRIES:
                    break
        return visible

    def item_title(self, event: Event) -> str:
        return f"{event.headline}: {event.record}"

    def item_description(self, event: Event) -> str:
        return event.headline

    def item_link(self, event: Event) -> str:
        url = getattr(event.record, "get_absolute_url", None)
        return url() if url else reverse("alerts:following")

    def item_guid(self, event: Event) -> str:
        return f"event-{event.pk}"

    item_guid_is_permalink = False

    def item_updateddate(self, event: Event) -> dt.datetime:
        return event.happened_at

    def item_pubdate(self, event: Event) -> dt.datetime:
        return event.happened_at
