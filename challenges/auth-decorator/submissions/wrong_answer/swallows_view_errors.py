# Mistake: wraps the whole body in try/except, so any exception raised by the view itself
# is turned into PermissionError("Unauthorized") instead of propagating unchanged.
import functools


def require_authentication(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            if not request.user.is_authenticated:
                raise PermissionError("Unauthorized")
            return view(request, *args, **kwargs)
        except Exception:
            raise PermissionError("Unauthorized")

    return wrapper
