"""The call-in form a scrutiny member fills on a decision's page, and the clerk's resolution.

The records themselves are written in the admin (clerks) and the API, whose forms and
serializers are the shared bases; these two forms are the steps a page takes.
"""

from __future__ import annotations

from django import forms

from decisions.models import DecisionNotice


class CallInForm(forms.Form):
    """Who calls the decision in and why (both are required by every constitution)."""

    members = forms.CharField(
        label="Members calling the decision in",
        max_length=300,
        help_text="Your name and those of the other scrutiny members calling it in.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reasons = forms.CharField(
        label="Reasons for the call-in",
        max_length=5000,
        help_text="What the decision maker should reconsider, and why.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ResolveCallInForm(forms.Form):
    """What scrutiny resolved on a call-in."""

    outcome = forms.ChoiceField(
        label="Outcome", choices=DecisionNotice.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="What scrutiny resolved",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
