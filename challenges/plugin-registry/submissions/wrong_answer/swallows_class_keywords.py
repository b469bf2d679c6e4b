# Mistake: __init_subclass__ takes **kwargs but passes none of them on to
# super().__init_subclass__(), so a class keyword nobody takes is silently accepted
# (and a cooperating base never sees its own keywords).
"""A plugin registry built with __init_subclass__: one registry per family of plugins."""


class DuplicatePluginError(Exception):
    """Two concrete plugins of one family claim the same name."""


class Plugin:
    def __init_subclass__(cls, *, abstract=False, **kwargs):
        super().__init_subclass__()
        if Plugin in cls.__bases__:
            # A family root: abstract, with a registry of its own (set on the class itself,
            # so that two families never share one dict).
            cls._plugins = {}
            return
        if abstract:
            return
        name = cls.__dict__.get("name")
        if not isinstance(name, str) or not name:
            raise TypeError("plugin %s must define a non-empty str 'name'" % cls.__qualname__)
        registry = cls._plugins
        if name in registry:
            raise DuplicatePluginError(
                "%r is already registered by %s" % (name, registry[name].__qualname__))
        registry[name] = cls

    @classmethod
    def get(cls, name):
        return cls._plugins[name]

    @classmethod
    def plugins(cls):
        return sorted(cls._plugins)

    @classmethod
    def create(cls, name, *args, **kwargs):
        return cls.get(name)(*args, **kwargs)
