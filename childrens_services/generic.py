"""Generic page views shared by every app: a filtered, sortable, downloadable table of the
records the user may see. An app's list page is a queryset, a filterset and a table (NetBox's
``ObjectListView``), declared in a few lines; the filterset is the one its API list uses."""

from __future__ import annotations

from functools import cached_property, partial

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django_filters.views import FilterView
from django_tables2 import RequestConfig
from django_tables2.views import TableMixinBase

from childrens_services import formatting
from childrens_services.caching import authorities_read, cached_figures
from childrens_services.permissions import restrict
from childrens_services.tables import TableDownload

#: Where a download says its rows come from, before the page's address.
SOURCE = "Children's services records"

#: What every download says about its cells, under the block about its rows.
CELLS = (
    "Money in pounds as numbers; dates as dates; an empty cell is a figure not held, and the "
    "row's Notes say why."
)


def numbers(values: list[str]) -> list[str]:
    """The values of a record choice in an address that can be record ids."""
    return [value for value in values if value.isdigit()]


def offer_under(field, under, chosen: list[str], narrower: str) -> None:
    """Offer in a record choice only the records ``under`` an earlier choice (a queryset: one
    named outside it is not a valid choice), or, while nothing narrows it (``under`` is
    ``None``), only the records the address already names, so a link to one still filters and
    shows it chosen, with a hint saying what to choose first (``narrower``, that choice's
    name). The field's queryset stays what the user may see."""
    if under is None:
        field.queryset = field.queryset.filter(pk__in=numbers(chosen))
        noun, plural = narrower.lower(), field.queryset.model._meta.verbose_name_plural
        article = "an" if noun[:1] in ("a", "e", "i", "o", "u") else "a"
        field.help_text = f"Choose {article} {noun} above to list its {plural}."
    else:
        field.queryset = under


class CountedPaginator(Paginator):
    """A paginator told how many rows there are (``count_rows``) rather than counting them."""

    def __init__(self, object_list, per_page, *args, count: int, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.known = count

    @cached_property
    def count(self) -> int:
        return self.known


class ScopedTableView(LoginRequiredMixin, TableMixinBase, FilterView):
    """List page: rows narrowed by the rule set, filtered, sorted, paged, downloadable.

    A subclass declares ``queryset`` (or ``model``), ``filterset_class``, ``table_class``,
    ``title`` and, if the page needs one, ``permission_required`` (a user without it gets
    403 with ``permission_denied_message``). An invalid filter value answers 400 with the
    filter's own messages; a page past the end answers 404; the CSV/XLSX download
    (``?_export=csv``) holds every filtered row, not just the page shown, and every column the
    table shows (``childrens_services.tables.TableDownload``), under a block saying what the
    rows are (``download_about``); any other format answers 400. The drawn table and filter
    fields are cached per user's view and address until a record changes
    (``childrens_services.caching``).

    django-tables2's ``SingleTableMixin`` is not used: it builds the table (and runs the
    paginator's COUNT) for every page, where this view builds it only when its drawn HTML is
    not already cached, or for a download.
    """

    template_name = "generic/table_page.html"
    #: Named, so the list view's context does not ask the (lazy) rows for their model.
    context_object_name = "filtered_rows"
    export_trigger_param = "_export"
    export_formats = tuple(TableDownload.FORMATS)
    table_class = None
    title = ""
    breadcrumbs: list[tuple[str, str]] = []
    permission_required = ""
    permission_denied_message = "Your account has no role yet; ask an administrator for one."
    #: A button above the list for those who may add to it: (URL name, label, permission).
    add_action: tuple[str, str, str] | None = None
    #: Record choices listed only under an earlier choice: ``{field: narrower}``, where the
    #: narrower is another filter through the field's relation (``{"meeting":
    #: "meeting__committee"}``: a committee's meetings once a committee is chosen). Nationally
    #: a meeting select would list 12,000 meetings, which nobody picks from (``offer_under``).
    choices_follow: dict[str, str] = {}

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        needed = self.permission_required
        if user.is_authenticated and needed and not user.has_perm(needed):
            raise PermissionDenied(self.permission_denied_message)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return restrict(self.request.user, super().get_queryset())

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        fields = filterset.form.fields
        for name, narrower in self.choices_follow.items():
            chosen = numbers(self.request.GET.getlist(narrower))
            lookup = {f"{narrower.removeprefix(f'{name}__')}__in": chosen}
            offer_under(
                fields[name],
                fields[name].queryset.filter(**lookup) if chosen else None,
                self.request.GET.getlist(name),
                str(fields[narrower].label),
            )
        return filterset

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        if self.filterset.is_bound and not self.filterset.is_valid():
            form = self.filterset.form
            return self.bad_request(
                "There is a problem with the filters",
                [f"{field.label}: {error}" for field in form for error in field.errors]
                + list(form.non_field_errors()),
            )
        export_format = request.GET.get(self.export_trigger_param)
        if export_format and export_format not in self.export_formats:
            offered = " or ".join(f.upper() for f in self.export_formats)
            return self.bad_request(
                "There is a problem with the download",
                [f"“{export_format[:20]}” is not a download this page offers: choose {offered}."],
                way_back=f"Show {(self.title or 'the list').lower()}",
            )
        # Built when first used: a page whose drawn table is cached never builds it.
        self.object_list = SimpleLazyObject(lambda: self.rows(self.filterset.qs))
        if export_format:
            return self.download(export_format)
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def get_template_names(self) -> list[str]:
        # The declared template only: the list view would add one named after the rows' model,
        # which builds the (lazy) rows.
        return [self.template_name]

    def rows(self, filtered):
        """The rows the table pages through: the filtered queryset, narrowed further where a
        page says so (a dashboard's scope)."""
        return filtered

    def bad_request(self, problem: str, errors: list[str], way_back: str = ""):
        context = {
            "problem": problem,
            "errors": errors,
            "way_back": way_back or f"Show {(self.title or 'the list').lower()} without filters",
            "breadcrumbs": self.breadcrumbs,
        }
        return render(self.request, "generic/bad_request.html", context, status=400)

    def get_table_kwargs(self) -> dict:
        return {}

    def get_table(self, **kwargs):
        """The filtered rows as the declared table, sorted and paged as the address asks;
        ``data`` is the same rows with what a page's own columns need annotated on them."""
        table = self.table_class(data=kwargs.pop("data", self.object_list), **kwargs)
        paginate = self.get_table_pagination(table)
        if paginate is not False:
            paginate = {**(paginate or {}), "silent": False}
            count = self.count_rows(self.object_list)
            if count is not None:
                paginate["paginator_class"] = partial(CountedPaginator, count=count)
        try:
            RequestConfig(self.request, paginate=paginate).configure(table)
        except (EmptyPage, PageNotAnInteger) as exc:
            raise Http404(f"There is no such page of {self.title or 'results'}.") from exc
        return table

    def count_rows(self, rows) -> int | None:
        """How many ``rows`` (the filtered queryset) the table pages through, where the view
        can say so more cheaply than counting them all; ``None``: the paginator counts."""
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["breadcrumbs"] = self.breadcrumbs
        if self.add_action and self.request.user.has_perm(self.add_action[2]):
            context["add_action"] = (reverse(self.add_action[0]), self.add_action[1])
        context.update(
            cached_figures(
                "table-page",
                self.request.user,
                (type(self).__name__, self.request.get_full_path()),
                lambda: self.rendered(self.get_table(**self.get_table_kwargs())),
                self.authorities_read(),
            )
        )
        return context

    def authorities_read(self) -> frozenset[int] | None:
        """The authorities whose records the table and its filters' choices read, for the
        key it is cached under (``caching.authorities_read``: an officer's own, for a
        borough's own records; every authority otherwise)."""
        return authorities_read(self.request.user, self.object_list.model)

    def rendered(self, table) -> dict:
        """The filter fields and the table as HTML, cached until a record changes: drawing
        50 rows of cells and a long list of choices is most of a register page's time."""
        fields = []
        for bound in self.filterset.form:
            hint = f"{bound.id_for_label}-hint" if bound.help_text else ""
            attrs = {"aria-describedby": hint} if hint else None
            widget = bound.as_widget(attrs=attrs)
            fields.append((bound.id_for_label, bound.label, widget, bound.help_text, hint))
        return {"filter_fields": fields, "table_html": table.as_html(self.request)}

    def download(self, export_format: str):
        """Every filtered row as a CSV or XLSX file, under the block saying what they are."""
        download = TableDownload(self.get_table(**self.get_table_kwargs()))
        download.about = self.download_about(len(download.rows))
        return download.response(export_format, self.get_export_filename(export_format))

    def get_export_filename(self, export_format: str) -> str:
        return f"{slugify(self.title) or 'table'}.{export_format}"

    def download_about(self, rows: int) -> list[tuple[str, str]]:
        """The block above a download's rows: the page's title, then what the rows are (scope,
        year, the savings basis where the page has one, the filters), how many, when they were
        read and from which address, so a printed or forwarded copy still says so."""
        about = [(self.title or "Download", ""), *self.download_scope()]
        basis = getattr(self, "basis", None)  # a savings page's counting basis, when it has one
        if basis:
            about.append(("Basis", str(getattr(basis, "label", basis))))
        query = self.request.GET.copy()
        query.pop(self.export_trigger_param, None)
        address = self.request.build_absolute_uri(self.request.path)
        if query:
            address += "?" + query.urlencode()
        about += [
            ("Filters", "; ".join(self.filters_described()) or "None"),
            ("Rows", formatting.count(rows)),
            ("Downloaded", formatting.moment(timezone.now())),
            ("Source", f"{SOURCE}: {address}"),
            ("Cells", CELLS),
        ]
        return about

    def download_scope(self) -> list[tuple[str, str]]:
        """Whose rows and which year; a dashboard's table names its scope and year."""
        return [("Scope", "Every record your account may read"), ("Year", "All years")]

    def filters_described(self) -> list[str]:
        """Each filter given, as "label: value" in the words its field shows."""
        form = self.filterset.form
        described = []
        for name, field in form.fields.items():
            value = form.cleaned_data.get(name) if self.filterset.is_bound else None
            if value in (None, "", [], ()) or not form[name].value():
                continue
            values = list(value) if isinstance(value, list | tuple | set) else [value]
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField | forms.ModelMultipleChoiceField
            ):
                shown = dict(field.choices)
                values = [shown.get(v, v) for v in values]
            described.append(f"{form[name].label}: {', '.join(str(v) for v in values)}")
        return described
