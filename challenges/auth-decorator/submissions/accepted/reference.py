import functools


def require_authentication(view):
    """Only run ``view`` for requests whose user is authenticated."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            raise PermissionError("Unauthorized")
        return view(request, *args, **kwargs)

    return wrapper
