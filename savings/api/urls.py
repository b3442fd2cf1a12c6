from rest_framework.routers import SimpleRouter

from savings.api import views

router = SimpleRouter()
router.register("savings-programmes", views.SavingsProgrammeViewSet)
router.register("programme-overlaps", views.ProgrammeOverlapViewSet)
router.register("savings-lines", views.SavingsLineViewSet)
router.register("savings-profiles", views.SavingsProfileViewSet)
router.register("staffing-restructures", views.StaffingRestructureViewSet)
router.register("restructure-positions", views.RestructurePositionViewSet)
router.register("implementation-costs", views.ImplementationCostViewSet)
router.register("division-budgets", views.DivisionBudgetViewSet)
router.register("savings-targets", views.SavingsTargetViewSet)
router.register("capital-programme-lines", views.CapitalProgrammeLineViewSet)
router.register("delivery-records", views.DeliveryRecordViewSet)
router.register("reported-figures", views.ReportedFigureViewSet)

urlpatterns = router.urls
