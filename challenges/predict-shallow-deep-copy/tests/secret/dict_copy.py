settings = {"level": 1, "handlers": ["console"]}
copied = settings.copy()
copied["level"] = 2
copied["handlers"].append("file")
print(settings)
print(copied["handlers"] is settings["handlers"])
