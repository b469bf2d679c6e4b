def make():
    value = 1

    def show():
        return value

    value = 2
    return show

print(make()())
