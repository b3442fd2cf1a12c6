from rest_framework.routers import SimpleRouter

from mandates.api import views

router = SimpleRouter()
router.register("mandates", views.MandateViewSet)
router.register("key-facts", views.KeyFactViewSet)
router.register("strategic-priorities", views.StrategicPriorityViewSet)
router.register("objectives", views.ObjectiveViewSet)
router.register("performance-arrangements", views.PerformanceArrangementViewSet)
router.register("risks", views.RiskViewSet)
router.register("statutory-responsibilities", views.StatutoryResponsibilityViewSet)
router.register("service-challenges", views.ServiceChallengeViewSet)
router.register("assets", views.AssetViewSet)
router.register("success-measures", views.SuccessMeasureViewSet)
router.register("measure-actuals", views.MeasureActualViewSet)
router.register("milestones", views.MilestoneViewSet)
router.register("ofsted-judgements", views.OfstedJudgementViewSet)

urlpatterns = router.urls
