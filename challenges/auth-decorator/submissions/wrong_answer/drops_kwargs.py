# Mistake: the wrapper only forwards positional arguments, so keyword arguments are
# rejected (TypeError) instead of being passed through to the view.
import functools


def require_authentication(view):
    @functools.wraps(view)
    def wrapper(request, *args):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            raise PermissionError("Unauthorized")
        return view(request, *args)

    return wrapper
