"""Alerts registers no model with the authority rule set (``childrens_services.permissions``).

A subscription belongs to a person, not to an authority: its pages, admin and API read only
the person's own (``Subscription.objects.of(user)``); the outbox and events are the worker's,
seen in the admin by administrators alone. What the rule set does decide, here as everywhere,
is whether a person may read the record an alert or a feed entry is about: asked with
``permissions.may(user, "view", record)`` when each e-mail is sent and each feed is read
(``alerts.delivery``, ``alerts.feeds``).
"""
