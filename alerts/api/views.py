"""``/api/v1/subscriptions/``: the signed-in person's own subscriptions, nobody else's.

Not a ``ScopedModelViewSet``: a subscription belongs to a person, not an authority, so the
authority rule set does not narrow it; ``Subscription.objects.of(user)`` does. Changes still
name the version read (``If-Match``, the core's ETags), as every record's do.
"""

from __future__ import annotations

from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from alerts.api.serializers import SubscriptionSerializer
from alerts.models import Subscription
from childrens_services.api.exceptions import PreconditionFailed, PreconditionRequired
from childrens_services.api.schema import AutoSchema
from childrens_services.api.viewsets import etag_for


class SubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """List, follow (POST), change how often (PATCH, with If-Match) and stop following
    (DELETE, with If-Match)."""

    queryset = Subscription.objects.all()
    serializer_class = SubscriptionSerializer
    permission_classes = [IsAuthenticated]
    schema = AutoSchema()
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return Subscription.objects.of(self.request.user).select_related("content_type")

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return Response(self.get_serializer(instance).data, headers={"ETag": etag_for(instance)})

    def _check_if_match(self, obj) -> None:
        header = self.request.headers.get("If-Match")
        if not header:
            raise PreconditionRequired()
        candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
        if "*" not in candidates and etag_for(obj) not in candidates:
            raise PreconditionFailed(
                f"The subscription is now at version {obj.version}; your If-Match named "
                "another. Fetch it again and retry."
            )

    def perform_update(self, serializer) -> None:
        self._check_if_match(serializer.instance)
        serializer.instance._history_user = self.request.user
        serializer.save()

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response["ETag"] = etag_for(self.get_object())
        return response

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        self._check_if_match(instance)
        instance._history_user = request.user
        instance.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
