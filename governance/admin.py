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
    Authority,
    Committee,
    CommitteeMembership,
    Division,
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
