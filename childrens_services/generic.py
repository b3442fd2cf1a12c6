"""Generic page views shared by every app: a filtered, sortable, downloadable table of the
records the user may see. An app's list page is a queryset, a filterset and a table (NetBox's
``ObjectListView``), declared in a few lines; the filterset is the one its API list uses."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404
from django.shortcuts import render
from django_filters.views import FilterView
from django_tables2 import RequestConfig
from django_tables2.export import ExportMixin
from django_tables2.views import TableMixinBase

from childrens_services.caching import cached_figures
from childrens_services.permissions import restrict
from childrens_services.tables import SafeTableExport


class ScopedTableView(LoginRequiredMixin, ExportMixin, TableMixinBase, FilterView):
    """List page: rows narrowed by the rule set, filtered, sorted, paged, downloadable.

    A subclass declares ``queryset`` (or ``model``), ``filterset_class``, ``table_class``,
    ``title`` and, if the page needs one, ``permission_required`` (a user without it gets
    403 with ``permission_denied_message``). An invalid filter value answers 400 with the
    filter's own messages; a page past the end answers 404; the CSV/XLSX download holds every
    filtered row, not just the page shown. The drawn table and filter fields are cached per
    user's view and address until a record changes (``childrens_services.caching``).

    django-tables2's ``SingleTableMixin`` is not used: it builds the table (and runs the
    paginator's COUNT) for every page, where this view builds it only when its drawn HTML is
    not already cached, or for a download.
    """

    template_name = "generic/table_page.html"
    export_class = SafeTableExport
    export_formats = ("csv", "xlsx")
    table_class = None
    title = ""
    breadcrumbs: list[tuple[str, str]] = []
    permission_required = ""
    permission_denied_message = "Your account has no role yet; ask an administrator for one."

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        needed = self.permission_required
        if user.is_authenticated and needed and not user.has_perm(needed):
            raise PermissionDenied(self.permission_denied_message)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return restrict(self.request.user, super().get_queryset())

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        if self.filterset.is_bound and not self.filterset.is_valid():
            form = self.filterset.form
            context = {
                "problem": "There is a problem with the filters",
                "errors": [f"{field.label}: {error}" for field in form for error in field.errors]
                + list(form.non_field_errors()),
                "way_back": f"Show {(self.title or 'the list').lower()} without filters",
                "breadcrumbs": self.breadcrumbs,
            }
            return render(request, "generic/bad_request.html", context, status=400)
        self.object_list = self.filterset.qs
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def get_table_kwargs(self) -> dict:
        return {}

    def get_table(self, **kwargs):
        """The filtered rows as the declared table, sorted and paged as the address asks."""
        table = self.table_class(data=self.object_list, **kwargs)
        paginate = self.get_table_pagination(table)
        if paginate is not False:
            paginate = {**(paginate or {}), "silent": False}
        try:
            RequestConfig(self.request, paginate=paginate).configure(table)
        except (EmptyPage, PageNotAnInteger) as exc:
            raise Http404(f"There is no such page of {self.title or 'results'}.") from exc
        return table

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["breadcrumbs"] = self.breadcrumbs
        if self.request.GET.get(self.export_trigger_param):
            return context  # ExportMixin builds the table of every row itself
        context.update(
            cached_figures(
                "table-page",
                self.request.user,
                (type(self).__name__, self.request.get_full_path()),
                lambda: self.rendered(self.get_table(**self.get_table_kwargs())),
            )
        )
        return context

    def rendered(self, table) -> dict:
        """The filter fields and the table as HTML, cached until a record changes: drawing
        50 rows of cells and a long list of choices is most of a register page's time."""
        fields = [(f.id_for_label, f.label, str(f)) for f in self.filterset.form]
        return {"filter_fields": fields, "table_html": table.as_html(self.request)}
