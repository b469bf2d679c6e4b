"""A plugin registry: subclasses register themselves by name. See statement.md."""


class DuplicatePluginError(Exception):
    """Two concrete plugins of one family claim the same name."""


class Plugin:
    @classmethod
    def get(cls, name):
        """Return the plugin class registered under ``name`` in this family."""
        raise KeyError(name)

    @classmethod
    def plugins(cls):
        """Return the sorted names registered in this family."""
        return []

    @classmethod
    def create(cls, name, *args, **kwargs):
        """Instantiate the plugin registered under ``name`` with the given arguments."""
        return cls.get(name)(*args, **kwargs)
