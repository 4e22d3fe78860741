app_name = "ventures"

urlpatterns: list = []
