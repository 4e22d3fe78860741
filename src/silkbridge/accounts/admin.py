"""Back office for accounts: users by e-mail, API tokens (secrets never shown) and invitations."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from silkbridge.accounts import services
from silkbridge.accounts.models import APIToken, Invitation, InvitationStatus, User
from silkbridge.core.admin import ReadOnlyAdminMixin
from silkbridge.directory.models import Person


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "platform_role")

    def clean_email(self) -> str:
        # The manager lower-cases addresses; admin saves bypass it, so do the same here.
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A user with this e-mail address already exists."))
        return email


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A user with this e-mail address already exists."))
        return email


class MembershipInline(admin.TabularInline):
    model = Person
    fk_name = "user"
    fields = ("organisation", "role", "full_name", "job_title")
    raw_id_fields = ("organisation",)
    extra = 0
    verbose_name = _("organisation membership")
    verbose_name_plural = _("organisation memberships")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    inlines = [MembershipInline]
    list_display = ("email", "full_name", "platform_role", "is_active", "is_staff", "last_login")
    list_filter = ("platform_role", "is_active", "is_staff", "is_superuser", "language")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = (
        "last_login",
        "date_joined",
        "terms_accepted_at",
        "terms_version",
        "privacy_version",
    )
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal"), {"fields": ("full_name", "language", "time_zone")}),
        (_("Platform role"), {"fields": ("platform_role",)}),
        (
            _("Permissions"),
            {
                "classes": ("collapse",),
                "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        (
            _("Terms accepted at sign-up"),
            {"fields": ("terms_accepted_at", "terms_version", "privacy_version")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "platform_role",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_inlines(self, request, obj):
        # A new user has no memberships yet; they are added once the account exists.
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "email" in form.changed_data:
            services.replace_email_address(user=obj)


@admin.register(APIToken)
class APITokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Tokens are made by their owners, who alone see the secret; here they can only be revoked."""

    list_display = (
        "name",
        "user",
        "key_prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "created_at")
    search_fields = ("name", "user__email", "key_prefix")
    list_select_related = ("user",)
    fields = (
        "user",
        "name",
        "key_prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    readonly_fields = fields
    actions = ["revoke"]

    @admin.action(description=_("Revoke selected tokens"), permissions=["delete"])
    def revoke(self, request, queryset) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                services.revoke_api_token(actor=request.user, token=token)
            except PermissionDenied as exc:
                self.message_user(request, f"{token}: {exc}", messages.WARNING)
            else:
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
        )


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Invitations are sent from the organisation's invite page, which e-mails the secret link."""

    list_display = (
        "email",
        "organisation",
        "role",
        "status",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    )
    list_filter = ("status", "role", "created_at")
    search_fields = ("email", "organisation__name")
    list_select_related = ("organisation", "invited_by")
    fields = (
        "organisation",
        "email",
        "role",
        "status",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
    )
    readonly_fields = fields
    actions = ["revoke"]

    @admin.action(description=_("Revoke selected invitations"), permissions=["delete"])
    def revoke(self, request, queryset) -> None:
        count = 0
        for invitation in queryset.filter(status=InvitationStatus.PENDING):
            try:
                services.revoke_invitation(actor=request.user, invitation=invitation)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{invitation.email}: {exc}", messages.WARNING)
            else:
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d invitation revoked.", "%(count)d invitations revoked.", count)
            % {"count": count},
        )
