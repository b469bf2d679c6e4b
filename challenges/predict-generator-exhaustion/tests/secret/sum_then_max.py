def evens(limit):
    for n in range(limit):
        if n % 2 == 0:
            yield n

values = evens(7)
print(sum(values))
print(max(values, default="empty"))
values = list(evens(7))
print(sum(values), max(values))
