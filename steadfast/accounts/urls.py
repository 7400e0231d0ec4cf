from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/finish/<str:token>/", views.signup_finish, name="signup_finish"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("reset/", views.password_reset, name="reset"),
    path("reset/sent/", views.password_reset_sent, name="reset_sent"),
    path("reset/<uidb64>/<token>/", views.password_reset_confirm, name="reset_confirm"),
    path("reset/done/", views.password_reset_done, name="reset_done"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/email/", views.email_change, name="email_change"),
    path("account/email/<str:token>/", views.email_confirm, name="email_confirm"),
    path("account/delete/", views.delete_account, name="delete"),
]
