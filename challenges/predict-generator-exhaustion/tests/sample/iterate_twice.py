squares = (n * n for n in range(4))
print(list(squares))
print(list(squares))
