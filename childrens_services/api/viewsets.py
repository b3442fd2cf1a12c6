"""Viewset base for every domain record: scoped, rule-checked, ETag/If-Match, 409 when frozen."""

from __future__ import annotations

from rest_framework import status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from childrens_services.api.exceptions import Conflict, PreconditionFailed, PreconditionRequired
from childrens_services.api.permissions import RulePermission, permission_name
from childrens_services.api.schema import AutoSchema
from childrens_services.caching import authorities_read, cached_figures
from childrens_services.permissions import restrict


def etag_for(obj) -> str:
    """A strong validator that changes whenever the record is saved (its version)."""
    return f'"{obj._meta.label_lower}.{obj.pk}.v{getattr(obj, "version", 0)}"'


class ScopedModelViewSet(viewsets.ModelViewSet):
    """List and read what the user may see; write only with the rules' leave and a fresh ETag."""

    permission_classes = [RulePermission]
    schema = AutoSchema()
    #: Ids are ASCII digits: ``abc`` or full-width ``１`` names no record (404), rather than
    #: reaching the database as a malformed id or being read as record 1.
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return restrict(self.request.user, super().get_queryset())

    def list(self, request, *args, **kwargs):
        """A page of the records the user may see, kept until a record changes
        (``childrens_services.caching``): serialising 100 records of 25 fields is most of a
        list's time. The key is the whole address (filters, page, host of the next link) and
        the generations of the authorities whose records the user reads of this kind (an
        officer's own), so an edit in another borough leaves an officer's lists served."""

        def page():
            return super(ScopedModelViewSet, self).list(request, *args, **kwargs).data

        parts = (request.build_absolute_uri(),)
        whose = authorities_read(request.user, self.get_queryset().model)
        data = cached_figures(f"api-list:{self.basename}", request.user, parts, page, whose)
        return Response(data)

    def retrieve(self, request, *args, **kwargs):
        """Body and ETag from the same read: reading the record twice could pair one version's
        body with the next version's ETag, and a PATCH built on that body would lose an update."""
        instance = self.get_object()
        serializer = self.get_serializer(instance)
        return Response(serializer.data, headers={"ETag": etag_for(instance)})

    def check_if_match(self, obj) -> None:
        """Refuse a write unless it names the version it read (no lost updates)."""
        reason = obj.frozen_reason() if hasattr(obj, "frozen_reason") else None
        if reason:
            raise Conflict(reason)
        header = self.request.headers.get("If-Match")
        if not header:
            raise PreconditionRequired()
        candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
        if "*" not in candidates and etag_for(obj) not in candidates:
            raise PreconditionFailed(
                f"The record is now at version {obj.version}; your If-Match named another. "
                "Fetch it again, check what changed, and retry."
            )

    def update(self, request, *args, **kwargs):
        """Read the record once, check If-Match against it, and save that same copy: the
        model's conditional UPDATE then refuses the save if anyone wrote in between."""
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        self.check_if_match(instance)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(serializer.data, headers={"ETag": etag_for(instance)})

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        self.check_if_match(instance)
        self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_create(self, serializer) -> None:
        """Check the rule on the record as it would be saved: its owner must be the user's."""
        model = serializer.Meta.model
        fields = {k: v for k, v in serializer.validated_data.items() if not _is_m2m(model, k)}
        candidate = model(**fields)
        if not self.request.user.has_perm(permission_name(model, "POST"), candidate):
            raise PermissionDenied("You may only create records for your own authority.")
        serializer.save()

    def perform_update(self, serializer) -> None:
        instance = serializer.instance
        model = type(instance)
        for name, value in serializer.validated_data.items():
            if not _is_m2m(model, name):
                setattr(instance, name, value)
        if not self.request.user.has_perm(permission_name(model, "PUT"), instance):
            raise PermissionDenied("You may only move records to your own authority.")
        serializer.save()


def _is_m2m(model, name: str) -> bool:
    return model._meta.get_field(name).many_to_many
