"""Serializer base: version exposed read-only, unknown fields refused, links restricted,
permission asked before the model rules are applied."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers

from childrens_services.formatting import digit_problem
from childrens_services.permissions import linkable

#: The answer for an id that does not exist and for one the user may not link to: the same,
#: so an id reveals nothing of another borough's records.
NOT_LINKABLE = 'No record "{pk_value}" that you may link to.'

#: Fields whose text input must be in the digits 0-9.
NUMBER_FIELDS = (
    serializers.IntegerField,
    serializers.DecimalField,
    serializers.FloatField,
    serializers.PrimaryKeyRelatedField,
    serializers.ManyRelatedField,
)


class ScopedModelSerializer(serializers.ModelSerializer):
    """Every domain serializer: strict about input, and runs the model's own ``clean``.

    Unknown fields are an error (a typo must not be silently dropped). Every related field
    offers only what ``permissions.linkable`` gives the user (the admin's choices too), so
    another borough's record is "not one you may link to", exactly as a missing one. The rule is
    asked of the record as it would be saved before the model's ``full_clean`` runs, so no
    validation message can quote another borough's data to someone who may not write there.
    """

    version = serializers.IntegerField(read_only=True)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        model = self.Meta.model
        for name, field in fields.items():
            relation = getattr(field, "child_relation", field)
            if field.read_only or not isinstance(relation, serializers.RelatedField):
                continue
            source = field.source or name  # fields are bound (given a source) only later
            try:
                model._meta.get_field(source)
            except FieldDoesNotExist:
                continue
            relation.error_messages["does_not_exist"] = NOT_LINKABLE
            if user is None:
                continue
            choices = linkable(user, model, source)
            if choices is not None:
                relation.queryset = choices
        return fields

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["This field is not part of this record."] for name in unknown}
                )
            other_digits = self._other_digits(data)
            if other_digits:
                raise serializers.ValidationError(other_digits)
        return super().to_internal_value(data)

    def _other_digits(self, data: dict) -> dict[str, list[str]]:
        """Numbers and ids given as text in digits other than 0-9 (full-width ``１２``), which
        DRF's number fields and Django's lookups would read as 12 unseen."""
        errors = {}
        for name, field in self.fields.items():
            if not isinstance(field, NUMBER_FIELDS) or name not in data:
                continue
            values = data[name] if isinstance(data[name], list) else [data[name]]
            for value in values:
                problem = digit_problem(value) if isinstance(value, str) else None
                if problem:
                    errors[name] = [problem]
                    break
        return errors

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = self.instance or model()
        candidate = model(
            **{f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields}
        )
        candidate._state.adding = self.instance is None
        for name, value in attrs.items():
            field = model._meta.get_field(name)
            if not field.many_to_many:
                setattr(candidate, name, value)
        self.check_permission(candidate)
        try:
            candidate.full_clean(exclude=self._m2m_names(model), validate_unique=True)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs

    def check_permission(self, candidate) -> None:
        """Refuse (403) a record the user may not create or change as it would be saved."""
        request = self.context.get("request")
        if request is None:
            return
        action = "change" if self.instance is not None else "add"
        meta = candidate._meta
        if not request.user.has_perm(f"{meta.app_label}.{action}_{meta.model_name}", candidate):
            raise exceptions.PermissionDenied(
                "You may only create or change records that belong to your own authority."
            )

    @staticmethod
    def _m2m_names(model) -> list[str]:
        return [f.name for f in model._meta.many_to_many]
