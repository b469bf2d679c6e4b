# Mistake: calls the view before checking authentication, so the view runs (side effects!)
# even for unauthorized requests; only the return value is withheld.
import functools


def require_authentication(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            raise PermissionError("Unauthorized")
        return response

    return wrapper
