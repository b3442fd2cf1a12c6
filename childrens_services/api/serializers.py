"""Serializer base: version exposed read-only, unknown fields refused, model rules applied."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


class ScopedModelSerializer(serializers.ModelSerializer):
    """Every domain serializer: strict about input, and runs the model's own ``clean``.

    Unknown fields are an error (a typo must not be silently dropped); the model's
    ``full_clean`` runs before saving so the API refuses exactly what the admin refuses.
    """

    version = serializers.IntegerField(read_only=True)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["This field is not part of this record."] for name in unknown}
                )
        return super().to_internal_value(data)

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
        try:
            candidate.full_clean(exclude=self._m2m_names(model), validate_unique=True)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs

    @staticmethod
    def _m2m_names(model) -> list[str]:
        return [f.name for f in model._meta.many_to_many]
