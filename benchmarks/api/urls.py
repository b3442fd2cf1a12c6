from rest_framework.routers import SimpleRouter

from benchmarks.api import views

router = SimpleRouter()
router.register("benchmark-areas", views.AreaViewSet)
router.register("benchmark-measures", views.MeasureViewSet)
router.register("benchmark-periods", views.PeriodViewSet)
router.register("neighbour-models", views.NeighbourModelViewSet)
router.register("neighbours", views.NeighbourViewSet)
router.register("benchmark-values", views.ValueViewSet)
router.register("benchmark-imports", views.ImportRunViewSet)
router.register("success-measure-benchmarks", views.SuccessMeasureBenchmarkViewSet)

urlpatterns = router.urls
