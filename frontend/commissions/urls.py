app_name = "commissions_web"

urlpatterns: list = []
