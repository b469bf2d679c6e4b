try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("bad input")
except ValueError as error:
    print(type(error.__context__).__name__)
    print(error.__cause__)
    print(error.__suppress_context__)
