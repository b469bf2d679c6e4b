"""A plugin registry built with a metaclass instead of __init_subclass__."""


class DuplicatePluginError(Exception):
    pass


class PluginMeta(type):
    def __new__(mcls, name, bases, namespace, abstract=False, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        if not any(isinstance(base, PluginMeta) for base in bases):
            return cls                      # Plugin itself
        if any(base is Plugin for base in bases):
            cls.registry = {}               # a family root: abstract, its own registry
            return cls
        if abstract:
            return cls
        plugin_name = namespace.get("name")
        if type(plugin_name) is not str or plugin_name == "":
            raise TypeError(f"{name} needs its own non-empty string 'name'")
        if plugin_name in cls.registry:
            raise DuplicatePluginError(plugin_name)
        cls.registry[plugin_name] = cls
        return cls

    def __init__(cls, name, bases, namespace, abstract=False, **kwargs):
        super().__init__(name, bases, namespace, **kwargs)


class Plugin(metaclass=PluginMeta):
    @classmethod
    def get(cls, name):
        return cls.registry[name]

    @classmethod
    def plugins(cls):
        return sorted(cls.registry)

    @classmethod
    def create(cls, name, *args, **kwargs):
        return cls.registry[name](*args, **kwargs)
