from rest_framework.routers import SimpleRouter

from alerts.api import views

router = SimpleRouter()
router.register("subscriptions", views.SubscriptionViewSet)

urlpatterns = router.urls
