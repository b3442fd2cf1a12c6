"""Committee reports composed by clerks, their parts, published PDFs and agenda packs.

A report is a draft while clerks compose it; publishing (``governance.reports.publishing``)
freezes a JSON snapshot of the whole paper (live appendix blocks included), renders the PDF
once and the report keeps its bytes and SHA-256. From then on the report and every part of it
refuse edits; a correction is a new version that ``supersedes`` the published one. The steps
and who may take them are declared in ``CommitteeReport.lifecycle``
(``childrens_services.lifecycle``), as the mandate's are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from childrens_services import blocks, events
from childrens_services.lifecycle import Lifecycle, Transition, TransitionError
from childrens_services.models import OwnedThroughParent, PrivateByRule
from governance.models.committees import AgendaItem, Meeting
from governance.reports.markup import placed_tables


def _refusal(report: CommitteeReport, step: Transition) -> str:
    return f"Only the clerks of the report's authority may {step.verb} it."


class CommitteeReport(PrivateByRule, OwnedThroughParent):
    """A paper presented to a meeting under an agenda item, in the council's house format.

    Lifecycle: draft -> published; a published report is superseded by a new draft version
    (the published one stays published, and ``superseded_by`` links it to its successor).
    """

    class Classification(models.TextChoices):
        OPEN = "open", "Open"
        EXEMPT = "exempt", "Exempt"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Purpose(models.TextChoices):
        DECISION = "decision", "For decision"
        INFORMATION = "information", "For information"

    class Numbering(models.TextChoices):
        DECIMAL = "decimal", "Within each section (1.1, 1.2, 2.1)"
        CONTINUOUS = "continuous", "Through the report (1, 2, 3)"
        NONE = "none", "Not numbered"

    lifecycle = Lifecycle(
        Transition(
            "publish", Status.DRAFT, Status.PUBLISHED, "governance.change_committeereport",
            label="Publish",
        ),
        Transition(
            "supersede", Status.PUBLISHED, None, "governance.add_committeereport",
            label="Start a corrected version", done="superseded",
        ),
        noun="report",
        refusal=_refusal,
    )  # fmt: skip

    record_kind = "committee"
    parent_field = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="reports")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        help_text="The item of the meeting's agenda the report is presented under.",
    )
    title = models.CharField(max_length=300)
    report_of = models.CharField(
        max_length=200, blank=True, help_text="e.g. Report of the Executive Director."
    )
    purpose = models.CharField(
        max_length=12,
        choices=Purpose.choices,
        blank=True,
        help_text="Whether the committee is asked to decide or to note; blank if the paper "
        "does not say.",
    )
    wards = models.CharField(
        "wards affected", max_length=200, blank=True, help_text="Blank if the paper does not say."
    )
    classification = models.CharField(
        max_length=10, choices=Classification.choices, default=Classification.OPEN
    )
    exemption_paragraph = models.CharField(
        max_length=300,
        blank=True,
        help_text="For exempt reports: the paragraph of Schedule 12A to the Local Government "
        "Act 1972 that applies, e.g. 'Paragraph 3 (financial or business affairs)'.",
    )
    key_decision = models.BooleanField(
        null=True, blank=True, help_text="Leave unknown if the paper does not say."
    )
    forward_plan_reference = models.CharField(
        max_length=60, blank=True, help_text="The key decision's reference in the forward plan."
    )
    author_name = models.CharField(
        "report author",
        max_length=120,
        blank=True,
        help_text="Blank if the paper names no author (only contributors or a contact officer).",
    )
    author_role = models.CharField("author's post", max_length=200, blank=True)
    author_telephone = models.CharField(max_length=40, blank=True)
    author_email = models.EmailField(blank=True)
    contact_name = models.CharField(
        "contact officer",
        max_length=120,
        blank=True,
        help_text="Who readers should contact, where that is not the author.",
    )
    contact_role = models.CharField("contact officer's post", max_length=200, blank=True)
    contact_telephone = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)
    lead_officer = models.CharField(
        max_length=200,
        blank=True,
        help_text="Name and post, as the paper prints it (e.g. 'Responsible Officer').",
    )
    lead_officer_label = models.CharField(
        max_length=60,
        blank=True,
        default="Lead officer",
        help_text="The paper's own words for the lead officer: 'Responsible Officer', "
        "'Lead director'...",
    )
    accountable_director = models.CharField(
        max_length=200, blank=True, help_text="Name and post, as printed on the front page."
    )
    lead_members = models.CharField("lead member(s)", max_length=300, blank=True)
    enclosures = models.CharField(max_length=300, blank=True)
    contributors = models.TextField(
        blank=True, help_text="Officers and bodies who contributed, as the paper lists them."
    )
    next_steps = models.TextField(blank=True, help_text="Markdown, as the body text.")
    numbering = models.CharField(
        max_length=12,
        choices=Numbering.choices,
        default=Numbering.DECIMAL,
        help_text="How paragraphs are numbered: 3.1, 3.2 within each section, or 1, 2, 3 "
        "through the report.",
    )
    synopsis = models.TextField(blank=True, help_text="Markdown, as the body text.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True, editable=False)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text="The published report this version replaces.",
    )

    # The PDF bytes are kept once on the report; history rows record that they changed.
    history = HistoricalRecords(excluded_fields=["pdf"])

    class Meta:
        ordering = ["meeting__date", "agenda_item__number", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The preview page, where clerks publish and everyone allowed downloads the PDF."""
        from django.urls import reverse

        return reverse("reports:detail", args=[self.pk])

    @property
    def is_exempt(self) -> bool:
        return self.classification == self.Classification.EXEMPT

    @classmethod
    def exempt_q(cls) -> Q:
        return Q(classification=cls.Classification.EXEMPT)

    @classmethod
    def private_q(cls) -> Q:
        """Exempt papers, and drafts before they are published, are seen only by the owning
        authority's clerks and officers (and administrators): committee papers are not
        public before the agenda is."""
        return cls.exempt_q() | ~Q(status=cls.Status.PUBLISHED)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def frozen_reason(self) -> str | None:
        if self.is_published and not getattr(self, "_publishing", False):
            when = timezone.localtime(self.published_at).strftime("%-d %B %Y")
            return (
                f"This report was published on {when} and can no longer be edited; "
                "supersede it with a new version instead."
            )
        return super().frozen_reason()

    @classmethod
    def frozen_q(cls) -> Q:
        """Published reports (``frozen_reason``'s rule as a query)."""
        return Q(status=cls.Status.PUBLISHED)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            errors["agenda_item"] = "Choose an agenda item of this report's meeting."
        if self.is_exempt and not self.exemption_paragraph.strip():
            errors["exemption_paragraph"] = (
                "An exempt report must name the exemption paragraph that applies."
            )
        if errors:
            raise ValidationError(errors)

    def publication_problems(self) -> list[str]:
        """Why the report cannot be published yet, as sentences for the clerk (empty if ready)."""
        problems = []
        if self.is_published:
            problems.append("This report is already published.")
        if self.purpose == self.Purpose.DECISION and not self.recommendations.exists():
            problems.append(
                "A report for decision needs at least one recommendation before publishing."
            )
        appendices = list(self.appendices.all())
        for appendix in appendices:
            name = (
                f"Table {appendix.label!r}" if appendix.is_inline else f"Appendix {appendix.letter}"
            )
            try:
                appendix.full_clean()
            except ValidationError as exc:
                for message in exc.messages:
                    problems.append(f"{name} ({appendix.title}): {message}")
        problems.extend(self._placement_problems(appendices))
        return problems

    def _placement_problems(self, appendices: list[Appendix]) -> list[str]:
        """Tables the text places but the report lacks, and tables the text never places."""
        inline = {appendix.label for appendix in appendices if appendix.is_inline}
        placed: dict[str, str] = {}
        for part in [*self.sections.all(), *self.implications.all()]:
            for label in placed_tables(part.body):
                placed.setdefault(label, str(part))
        problems = [
            f'The section "{where}" places {{{{table {label}}}}}, but the report has no '
            f"table labelled {label!r}."
            for label, where in placed.items()
            if label not in inline
        ]
        problems += [
            f"The table labelled {label!r} is not placed in any section: write "
            f"{{{{table {label}}}}} where it belongs."
            for label in sorted(inline - placed.keys())
        ]
        return problems

    def check_publishable(self) -> None:
        """Refuse (``TransitionError``, every reason) unless the report may be published."""
        problems = self.publication_problems()
        if problems:
            raise TransitionError(problems)

    def publish(self, user, document: dict, pdf: bytes, at: dt.datetime) -> None:
        """Freeze the paper as ``document`` (its snapshot) and ``pdf`` (rendered from it at
        ``at``), keeping the PDF's hash. ``governance.reports.publishing.publish_report``
        builds and renders them; this records the step. Refuses when anything is missing."""
        self.check_publishable()
        self.snapshot = document
        self.pdf = pdf
        self.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        self._publishing = True
        try:
            self.lifecycle.enter(self, "publish", user, stamp="published", at=at)
        finally:
            self._publishing = False
        committee = self.meeting.committee
        events.announce("report.published", self, about=[committee, *committee.authorities()])

    def supersede(self, user) -> CommitteeReport:
        """A new draft copying this published report, linked to it, for the clerk to correct."""
        self.lifecycle.check_status(self, "supersede")
        if hasattr(self, "superseded_by"):
            raise TransitionError("This report has already been superseded by a newer version.")
        copied = [f.name for f in self._meta.concrete_fields if f.editable and f.name != "id"]
        with transaction.atomic():
            draft = CommitteeReport(
                **{
                    name: getattr(self, name)
                    for name in copied
                    if name not in ("supersedes", "status")
                },
                supersedes=self,
            )
            draft._history_user = user
            draft._change_reason = f"New version superseding report {self.pk}"
            draft.save()
            for part in (
                self.recommendations.all(),
                self.sections.all(),
                self.implications.all(),
                self.clearances.all(),
                self.background_papers.all(),
                self.appendices.all(),
            ):
                for item in part:
                    item.pk = None
                    item._state.adding = True
                    item.version = 1
                    item.report = draft
                    item.save()
        return draft

    def version_number(self) -> int:
        """1 for an original report, 2 for the version superseding it, and so on."""
        number, report = 1, self
        while report.supersedes_id is not None:
            number, report = number + 1, report.supersedes
        return number


class ReportPart(OwnedThroughParent):
    """A part of a report: owned, and frozen, with the report."""

    record_kind = "committee"
    parent_field = "report"

    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class Recommendation(ReportPart):
    """One recommendation to the committee, printed in order on the front page."""

    report = models.ForeignKey(
        CommitteeReport, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField()

    history = HistoricalRecords()

    class Meta(ReportPart.Meta):
        pass

    def __str__(self) -> str:
        return self.text[:80]


class ReportSection(ReportPart):
    """A numbered section: its heading and paragraphs, numbered 1, 1.1, 1.2 when printed.

    Paragraphs are separated by a blank line; lines starting with "- " are bullet points of
    the paragraph above them. Numbers are computed from the order, never typed.
    """

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(max_length=200)
    body = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta(ReportPart.Meta):
        pass

    def __str__(self) -> str:
        return self.heading


class Implication(ReportPart):
    """Financial, legal, equality or risk implications, printed as numbered sections."""

    class Kind(models.TextChoices):
        FINANCIAL = "financial", "Financial and resources implications"
        LEGAL = "legal", "Legal implications"
        EQUALITY = "equality", "Equality implications"
        RISK = "risk", "Risk management implications"
        OTHER = "other", "Other implications"

    report = models.ForeignKey(
        CommitteeReport, on_delete=models.CASCADE, related_name="implications"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    heading = models.CharField(
        max_length=200, blank=True, help_text="Leave blank for the standard heading of the kind."
    )
    body = models.TextField()

    history = HistoricalRecords()

    class Meta(ReportPart.Meta):
        pass

    def __str__(self) -> str:
        return self.heading or self.get_kind_display()


class StatutoryClearance(ReportPart):
    """A statutory officer's clearance of the report (chief financial / monitoring officer)."""

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="clearances")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=200, help_text="e.g. on behalf of the Monitoring Officer.")
    date = models.DateField()

    history = HistoricalRecords()

    class Meta(ReportPart.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


class BackgroundPaper(ReportPart):
    """A background paper used in preparing the report (Local Government Act 1972 s.100D)."""

    report = models.ForeignKey(
        CommitteeReport, on_delete=models.CASCADE, related_name="background_papers"
    )
    description = models.CharField(max_length=300)
    held_by = models.CharField(max_length=200, blank=True, help_text="Name, file or location.")

    history = HistoricalRecords()

    class Meta(ReportPart.Meta):
        pass

    def __str__(self) -> str:
        return self.description


class Appendix(ReportPart):
    """An appendix, or a table placed in the text: text, or a live block whose data is frozen
    when the report is published.

    An *inline* part is printed where a section's body says ``{{table LABEL}}`` (the papers'
    "the table below"), not among the appendices, and takes no appendix number.
    """

    class Placement(models.TextChoices):
        APPENDIX = "appendix", "As an appendix"
        INLINE = "inline", "In the text, where the body names its label"

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="appendices")
    placement = models.CharField(
        max_length=10, choices=Placement.choices, default=Placement.APPENDIX
    )
    label = models.SlugField(
        max_length=40,
        blank=True,
        help_text="For a table in the text: the name the body uses, e.g. savings for "
        "{{table savings}}.",
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(
        max_length=60,
        default=blocks.TEXT,
        help_text="Text, or a live block of data (a mandate, a savings table...).",
    )
    text = models.TextField(blank=True)
    params = models.JSONField(
        default=dict, blank=True, help_text='The block\'s parameters, e.g. {"committee": 3}.'
    )

    history = HistoricalRecords()

    class Meta(ReportPart.Meta):
        verbose_name_plural = "appendices"

    def __str__(self) -> str:
        return f"Appendix {self.letter}: {self.title}"

    @property
    def letter(self) -> str:
        """Appendices are numbered 1, 2, 3 in their order within the report; a table in the
        text is known by its label."""
        if self.is_inline:
            return self.label
        if self.report_id is None:
            return str(self.position)
        ids = list(
            self.report.appendices.filter(placement=self.Placement.APPENDIX).values_list(
                "pk", flat=True
            )
        )
        return str(ids.index(self.pk) + 1) if self.pk in ids else str(self.position)

    @property
    def is_inline(self) -> bool:
        return self.placement == self.Placement.INLINE

    def clean(self) -> None:
        super().clean()
        if self.is_inline and not self.label:
            raise ValidationError(
                {"label": "A table in the text needs a label for the body to place it."}
            )
        if self.kind == blocks.TEXT:
            if not self.text.strip():
                raise ValidationError({"text": "A text appendix needs its text."})
            return
        if not blocks.is_registered(self.kind):
            raise ValidationError({"kind": f"There is no live block called {self.kind!r}."})
        try:
            self.params = blocks.get(self.kind).clean(self.params or {})
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                raise
            raise ValidationError({"params": exc.messages}) from exc


class AgendaPack(PrivateByRule, OwnedThroughParent):
    """One PDF of a meeting's reports in agenda order, built by a background worker.

    The clerk asks for a pack; a task renders it and records its progress here, so the status
    page can show how far it has got and then offer the download.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Rendering"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    record_kind = "committee"
    parent_field = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_packs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=0)
    includes_exempt = models.BooleanField(default=False, editable=False)
    includes_drafts = models.BooleanField(
        default=False,
        editable=False,
        help_text="The clerk chose to include reports not yet published, each page marked DRAFT.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    task_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["pdf"])

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Agenda pack for {self.meeting}"

    @classmethod
    def private_q(cls) -> Q:
        """A pack holding an exempt paper or a draft is seen only where those papers may be."""
        return Q(includes_exempt=True) | Q(includes_drafts=True)

    @property
    def percent(self) -> int:
        return 100 * self.steps_done // self.steps_total if self.steps_total else 0

    #: A worker polls every second and starts a pack at once, so a pack still queued after
    #: this long means no worker is running (or all are busy for minutes): the pages say so.
    WORKER_OVERDUE = timedelta(minutes=2)

    @property
    def waiting_too_long(self) -> bool:
        """Queued for more than ``WORKER_OVERDUE`` without a worker picking it up."""
        return (
            self.status == self.Status.QUEUED
            and timezone.now() - self.requested_at > self.WORKER_OVERDUE
        )
