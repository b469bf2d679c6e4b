# Mistake: uses `not request.user` instead of `request.user is None`, so a user object
# that happens to be falsy is rejected even though it is authenticated.
import functools


def require_authentication(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if not user or not user.is_authenticated:
            raise PermissionError("Unauthorized")
        return view(request, *args, **kwargs)

    return wrapper
