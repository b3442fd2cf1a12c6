from rest_framework.routers import SimpleRouter

from commissioning.api import views

router = SimpleRouter()
router.register("providers", views.ProviderViewSet)
router.register("contracts", views.ContractViewSet)
router.register("contract-lots", views.ContractLotViewSet)
router.register("contract-forecasts", views.ContractForecastViewSet)
router.register("service-groups", views.ServiceGroupViewSet)
router.register("services", views.ServiceViewSet)
router.register("service-delivery-models", views.ServiceDeliveryModelViewSet)
router.register("delivery-model-spend", views.DeliveryModelSpendViewSet)

urlpatterns = router.urls
