try:
    try:
        {}["key"]
    except KeyError as missing:
        raise LookupError("no config") from missing
except LookupError as error:
    print(type(error.__cause__).__name__, error.__cause__)
    print(error.__cause__ is error.__context__)
    print(error.__suppress_context__)
