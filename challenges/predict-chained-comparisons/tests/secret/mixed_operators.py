a = None
print(a is None is not False)
print(1 < 3 != 3)
print(0 == 0.0 == False)
