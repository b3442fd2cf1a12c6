"""Shared REST API machinery: every app's viewsets build on these, so the rules are written once.

* ``RulePermission`` asks the one rule set (``user.has_perm(perm, obj)``) for each method.
* ``ScopedModelViewSet`` narrows querysets to what the user may see, sends an ``ETag`` with each
  record, requires ``If-Match`` on writes (412 when stale, 428 when missing) and answers 409
  when the record is frozen (a published mandate or report).
* ``problem_details_handler`` gives every error one JSON shape (RFC 9457 problem details) with
  field-level messages.
"""
