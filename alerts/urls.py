"""Follow and alerts pages; included under ``alerts/`` (namespace "alerts")."""

from django.urls import path

from alerts import feeds, views

app_name = "alerts"

urlpatterns = [
    path("", views.following, name="following"),
    path("follow/", views.follow, name="follow"),
    path("<int:pk>/unfollow/", views.unfollow, name="unfollow"),
    path("<int:pk>/frequency/", views.frequency, name="frequency"),
    path("feeds/renew/", views.renew_feeds, name="renew-feeds"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feeds/<str:token>/meetings.ics", feeds.meetings_calendar, name="calendar"),
    path("feeds/<str:token>/papers.atom", feeds.PapersFeed(), name="atom"),
]
