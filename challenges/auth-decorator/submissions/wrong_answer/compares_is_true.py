# Mistake: tests `is_authenticated is True` instead of its truthiness, so truthy values
# that are not the bool True ("yes", 2, an object) are rejected.
import functools


def require_authentication(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if user is None or user.is_authenticated is not True:
            raise PermissionError("Unauthorized")
        return view(request, *args, **kwargs)

    return wrapper
