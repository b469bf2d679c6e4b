import functools


def require_authentication(view):
    """Decorate ``view`` so that it only runs for authenticated requests.

    The decorated view is called as ``view(request, *args, **kwargs)``.

    - If ``request`` has no ``user`` attribute, or ``request.user`` is None, or
      ``request.user.is_authenticated`` is falsy: raise
      ``PermissionError("Unauthorized")`` without calling ``view``.
    - Otherwise call ``view`` with exactly the same arguments and return its result.

    The decorated function keeps the view's metadata (use ``functools.wraps``).
    """
    raise NotImplementedError("require_authentication is not implemented yet")
