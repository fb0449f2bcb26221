app_name = "petitions_web"

urlpatterns: list = []
