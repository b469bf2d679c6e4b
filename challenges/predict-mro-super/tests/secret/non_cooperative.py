class Logger:
    def setup(self):
        print("Logger.setup")

class Cache:
    def setup(self):
        print("Cache.setup")
        super().setup()

class Service(Cache, Logger):
    def setup(self):
        print("Service.setup")
        super().setup()

class Other(Logger, Cache):
    pass

Service().setup()
Other().setup()
