"""Whose register a file is: an authority, or a partnership of authorities."""

from __future__ import annotations

from typing import Any

from governance.models import Authority, Partnership

Owner = Authority | Partnership


def resolve_owner(text: str) -> Owner:
    """An authority by short name or DfE code (H&F, 205), or a partnership by short name."""
    text = text.strip()
    authority = (
        Authority.objects.filter(short_name__iexact=text).first()
        or Authority.objects.filter(dfe_code=text).first()
    )
    if authority is not None:
        return authority
    partnership = Partnership.objects.filter(short_name__iexact=text).first()
    if partnership is not None:
        return partnership
    raise ValueError(f"No authority or partnership is called {text!r} (try H&F, 205, Tri-borough).")


def owner_lookup(owner: Owner) -> dict[str, Any]:
    """The contract fields that say who owns it, as keyword arguments for a filter or model."""
    if isinstance(owner, Partnership):
        return {"partnership": owner, "authority": None}
    return {"authority": owner, "partnership": None}
