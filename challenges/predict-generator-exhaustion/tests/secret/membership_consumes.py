numbers = iter([1, 2, 3, 4, 5])
print(3 in numbers)
print(list(numbers))
