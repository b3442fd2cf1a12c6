from rest_framework.routers import SimpleRouter

from decisions.api import views

router = SimpleRouter()
router.register("forward-plan-entries", views.ForwardPlanEntryViewSet)
router.register("decision-notices", views.DecisionNoticeViewSet)
router.register("call-ins", views.CallInViewSet)

urlpatterns = router.urls
