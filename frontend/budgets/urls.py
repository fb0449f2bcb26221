app_name = "budgets_web"

urlpatterns: list = []
