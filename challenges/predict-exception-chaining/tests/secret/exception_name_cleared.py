error = "before"
try:
    raise KeyError("k")
except KeyError as error:
    pass
try:
    print(error)
except NameError:
    print("NameError")
