# Mistake: reads request.user directly, so a request without a user attribute raises
# AttributeError instead of PermissionError("Unauthorized").
import functools


def require_authentication(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user is None or not request.user.is_authenticated:
            raise PermissionError("Unauthorized")
        return view(request, *args, **kwargs)

    return wrapper
