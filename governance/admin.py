"""Admin screens for governance: reference data, committees and their business."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from childrens_services.admin import (
    RefusesFrozenDeletesMixin,
    ScopedModelAdmin,
    ScopedTabularInline,
)
from governance.models import (
    AgendaItem,
    Appointment,
    Attendance,
    Authority,
    Committee,
    CommitteeMembership,
    Division,
    InterestDeclaration,
    Meeting,
    Partnership,
    PartnershipMember,
    Person,
    Post,
    UserProfile,
)


@admin.register(Authority)
class AuthorityAdmin(ScopedModelAdmin):
    list_display = ["name", "short_name", "dfe_code", "gss_code", "region", "kind"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "short_name", "dfe_code", "gss_code"]


class PartnershipMemberInline(ScopedTabularInline):
    model = PartnershipMember
    autocomplete_fields = ["authority"]


@admin.register(Partnership)
class PartnershipAdmin(ScopedModelAdmin):
    list_display = ["name", "short_name", "kind", "lead_authority", "start_date"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["lead_authority"]
    inlines = [PartnershipMemberInline]


@admin.register(Division)
class DivisionAdmin(ScopedModelAdmin):
    list_display = ["name", "authority", "head"]
    list_filter = ["authority"]
    search_fields = ["name", "head"]
    autocomplete_fields = ["authority"]


class AppointmentInline(ScopedTabularInline):
    model = Appointment
    autocomplete_fields = ["post"]
    fk_name = "person"


@admin.register(Person)
class PersonAdmin(ScopedModelAdmin):
    list_display = ["name", "kind", "authority", "email"]
    list_filter = ["kind", "authority"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["authority"]
    inlines = [AppointmentInline]


@admin.register(Post)
class PostAdmin(ScopedModelAdmin):
    list_display = ["title", "authority", "partnership", "division", "statutory"]
    list_filter = ["statutory", "authority", "partnership"]
    search_fields = ["title"]
    autocomplete_fields = ["authority", "partnership", "division"]


@admin.register(Appointment)
class AppointmentAdmin(ScopedModelAdmin):
    list_display = ["person", "post", "scope", "start_date", "end_date", "interim"]
    list_filter = ["scope", "interim"]
    search_fields = ["person__name", "post__title"]
    autocomplete_fields = ["person", "post"]
    date_hierarchy = "start_date"


class CommitteeMembershipInline(ScopedTabularInline):
    model = CommitteeMembership
    autocomplete_fields = ["person", "representing"]


@admin.register(Committee)
class CommitteeAdmin(ScopedModelAdmin):
    list_display = ["name", "short_name", "kind", "authority", "partnership"]
    list_filter = ["kind", "authority", "partnership"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["authority", "partnership"]
    inlines = [CommitteeMembershipInline]


class AgendaItemInline(ScopedTabularInline):
    model = AgendaItem


@admin.register(Meeting)
class MeetingAdmin(ScopedModelAdmin):
    list_display = ["committee", "date", "status", "venue"]
    list_filter = ["status", "committee"]
    search_fields = ["committee__name", "venue", "agenda_items__title"]
    autocomplete_fields = ["committee"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline]

    def get_inlines(self, request, obj):
        """Attendance and declarations once the meeting exists (a declaration names one of
        its agenda items)."""
        return (
            [AgendaItemInline]
            if obj is None
            else [AgendaItemInline, AttendanceInline, InterestDeclarationInline]
        )


class AttendanceInline(ScopedTabularInline):
    model = Attendance
    fields = ["person", "kind", "substitute_for", "capacity", "illustrative"]
    autocomplete_fields = ["person", "substitute_for"]


class InterestDeclarationInline(ScopedTabularInline):
    model = InterestDeclaration
    fields = ["agenda_item", "person", "kind", "nature", "action", "illustrative"]
    autocomplete_fields = ["person"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """An item of this meeting's agenda only."""
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        meeting_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "agenda_item" and field is not None and meeting_id:
            field.queryset = field.queryset.filter(meeting_id=meeting_id)
        return field


@admin.register(Attendance)
class AttendanceAdmin(ScopedModelAdmin):
    """Attendance across meetings (each meeting's page edits its own, inline)."""

    list_display = ["person", "kind", "meeting", "illustrative"]
    list_filter = ["kind", "illustrative", "meeting__committee"]
    search_fields = ["person__name", "meeting__committee__name"]
    autocomplete_fields = ["meeting", "person", "substitute_for"]


@admin.register(InterestDeclaration)
class InterestDeclarationAdmin(ScopedModelAdmin):
    list_display = ["person", "kind", "agenda_item", "meeting", "action", "illustrative"]
    list_filter = ["kind", "action", "illustrative"]
    search_fields = ["person__name", "nature", "meeting__committee__name"]
    autocomplete_fields = ["meeting", "agenda_item", "person"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ScopedModelAdmin):
    list_display = ["title", "number", "meeting"]
    search_fields = ["title", "meeting__committee__name"]
    autocomplete_fields = ["meeting"]


class UserProfileInline(admin.StackedInline):
    """Role and authorities, edited with the user they belong to (administrators only)."""

    model = UserProfile
    can_delete = False
    filter_horizontal = ["authorities"]
    autocomplete_fields = ["person"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class CouncilUserAdmin(RefusesFrozenDeletesMixin, UserAdmin):
    inlines = [UserProfileInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "role"]

    @admin.display(description="Role")
    def role(self, user) -> str:
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else "—"


from governance import admin_reports  # noqa: E402,F401
