def add_item(item, items=[]):
    items.append(item)
    return items

first = add_item("a")
second = add_item("b")
print(first is second)
print(first)
print(add_item.__defaults__)
