try:
    try:
        int("x")
    except ValueError:
        raise RuntimeError("cannot parse") from None
except RuntimeError as error:
    print(error.__cause__)
    print(type(error.__context__).__name__)
    print(error.__suppress_context__)
