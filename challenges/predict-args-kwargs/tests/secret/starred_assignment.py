first, *middle, last = range(5)
print(first, middle, last)
head, *tail = "x"
print(head, tail)
*init, = (1, 2)
print(init)
