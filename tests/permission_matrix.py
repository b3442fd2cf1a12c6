"""One permission-matrix check, applied to every kind of record (the NetBox habit).

``expected`` maps each role to the actions it may take on a record of its own authority and on
a record of another authority; the check asks ``user.has_perm`` for every combination, so a
rule that drifts in any cell fails with the cell named.
"""

from __future__ import annotations

ACTIONS = ("view", "add", "change", "delete")


def permission_cells(model, users: dict, own: dict, other: dict, expected: dict):
    """Yield (role, action, whose, allowed, expected_allowed) for every cell of the matrix."""
    label = f"{model._meta.app_label}.{{}}_{model._meta.model_name}"
    for role, rules in expected.items():
        user = users[role]
        for whose, record in (("own", own[role]), ("other", other[role])):
            allowed_actions = rules[whose]
            for action in ACTIONS:
                allowed = user.has_perm(label.format(action), record)
                yield role, action, whose, allowed, action in allowed_actions


def assert_matrix(model, users, own, other, expected) -> None:
    wrong = [
        f"{role} {action} {whose}: got {allowed}, expected {want}"
        for role, action, whose, allowed, want in permission_cells(
            model, users, own, other, expected
        )
        if allowed != want
    ]
    assert not wrong, "\n".join(wrong)
