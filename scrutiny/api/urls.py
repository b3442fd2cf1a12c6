from rest_framework.routers import SimpleRouter

from scrutiny.api import views

router = SimpleRouter()
router.register("scrutiny-recommendations", views.ScrutinyRecommendationViewSet)
router.register("recommendation-actions", views.RecommendationActionViewSet)
router.register("recommendation-reviews", views.RecommendationReviewViewSet)

urlpatterns = router.urls
