class Config:
    debug = False

c = Config()
c.debug = True
print(c.debug, Config.debug)
del c.debug
print(c.debug)
print("debug" in vars(c))
