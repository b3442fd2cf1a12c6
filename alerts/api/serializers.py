"""A person's subscriptions in the API: what they follow and how often."""

from __future__ import annotations

from rest_framework import serializers

from alerts.forms import FollowForm
from alerts.models import Subscription


class SubscriptionSerializer(serializers.ModelSerializer):
    """``follows`` names the record or topic once, as the follow buttons do
    (``governance.committee:12``, ``commissioning.contract:40``, ``topic:forward-plan``);
    it cannot be changed afterwards (follow the other thing instead)."""

    follows = serializers.CharField(max_length=80, write_only=True)
    what = serializers.CharField(source="describe", read_only=True)
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Subscription
        fields = ["id", "follows", "what", "frequency", "version", "created_at"]
        read_only_fields = ["id", "created_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["follows"].read_only = True
        return fields

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields) if hasattr(self, "initial_data") else ()
        if unknown:
            raise serializers.ValidationError(
                dict.fromkeys(sorted(unknown), "This field is not part of a subscription.")
            )
        if self.instance is None:
            form = FollowForm(
                {"follow": attrs["follows"], "frequency": attrs.get("frequency", "")},
                user=self.context["request"].user,
            )
            if not form.is_valid():
                raise serializers.ValidationError({"follows": form.errors["follow"]})
            attrs["form"] = form
        return attrs

    def create(self, validated_data):
        sub, made = validated_data["form"].subscription()
        if not made:
            raise serializers.ValidationError({"follows": f"You already follow {sub.describe()}."})
        return sub
