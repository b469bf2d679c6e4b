# Mistake: silently returns None for unauthorized requests instead of raising
# PermissionError("Unauthorized").
import functools


def require_authentication(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return view(request, *args, **kwargs)

    return wrapper
