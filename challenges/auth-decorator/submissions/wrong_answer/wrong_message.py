# Mistake: raises PermissionError with a different message ("Not authenticated")
# instead of exactly "Unauthorized".
import functools


def require_authentication(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            raise PermissionError("Not authenticated")
        return view(request, *args, **kwargs)

    return wrapper
