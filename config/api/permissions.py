"""Who may call what: reads are open (each view's queryset decides what is visible), writes need
the model permission of the user's role (Editors, Contributors); the services check the rest."""

from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions


class ReadAnyoneWriteWithModelPermission(BasePermission):
    """GET, HEAD and OPTIONS for everyone; other methods for users whose role allows them."""

    model_permissions = DjangoModelPermissions()

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, "action", None) in getattr(view, "service_checked_actions", ()):
            return True  # the workflow services check the permission and say why
        return self.model_permissions.has_permission(request, view)


class StaffOnly(BasePermission):
    """Only logged-in newsroom staff (contributors, editors, admins)."""

    message = "Only newsroom staff can see this."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)
