print(6 / 3, type(6 / 3).__name__)
print(2 ** -1, 10 // 3 * 3 + 10 % 3)
print(divmod(-9, 4))
