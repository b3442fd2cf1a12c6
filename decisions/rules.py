"""Permissions for decision records, from the one rule set in childrens_services.permissions.

Forward plan entries, decision notices and call-ins are committee business: clerks of the
owning authority write them, everyone reads what is published. Calling a decision in is a
scrutiny member's step and recording its outcome a clerk's (``STEP_RULES``).
"""

from childrens_services.permissions import register, register_step
from decisions.models import CallIn, DecisionNotice, ForwardPlanEntry

register(ForwardPlanEntry, DecisionNotice, CallIn)
register_step(DecisionNotice, "call_in")
register_step(DecisionNotice, "resolve_call_in")
