from rest_framework.routers import SimpleRouter

from governance.api import views

router = SimpleRouter()
router.register("authorities", views.AuthorityViewSet)
router.register("partnerships", views.PartnershipViewSet)
router.register("divisions", views.DivisionViewSet)
router.register("committees", views.CommitteeViewSet)
router.register("meetings", views.MeetingViewSet)
router.register("agenda-items", views.AgendaItemViewSet)
router.register("partnership-members", views.PartnershipMemberViewSet)
router.register("people", views.PersonViewSet)
router.register("posts", views.PostViewSet)
router.register("appointments", views.AppointmentViewSet)
router.register("committee-memberships", views.CommitteeMembershipViewSet)
router.register("committee-reports", views.CommitteeReportViewSet)
router.register("recommendations", views.RecommendationViewSet)
router.register("report-sections", views.ReportSectionViewSet)
router.register("implications", views.ImplicationViewSet)
router.register("statutory-clearances", views.StatutoryClearanceViewSet)
router.register("background-papers", views.BackgroundPaperViewSet)
router.register("appendices", views.AppendixViewSet)
router.register("agenda-packs", views.AgendaPackViewSet)
router.register("attendance", views.AttendanceViewSet)
router.register("interest-declarations", views.InterestDeclarationViewSet)

urlpatterns = router.urls
