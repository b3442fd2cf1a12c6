from rest_framework.routers import SimpleRouter

from governance.api import views

router = SimpleRouter()
router.register("authorities", views.AuthorityViewSet)
router.register("partnerships", views.PartnershipViewSet)
router.register("divisions", views.DivisionViewSet)
router.register("committees", views.CommitteeViewSet)
router.register("meetings", views.MeetingViewSet)
router.register("agenda-items", views.AgendaItemViewSet)

urlpatterns = router.urls
