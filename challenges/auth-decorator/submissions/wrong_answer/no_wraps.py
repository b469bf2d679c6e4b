# Mistake: forgets functools.wraps, so the decorated view loses __name__, __doc__,
# __qualname__, __module__ and __wrapped__ (it looks like "wrapper").


def require_authentication(view):
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            raise PermissionError("Unauthorized")
        return view(request, *args, **kwargs)

    return wrapper
