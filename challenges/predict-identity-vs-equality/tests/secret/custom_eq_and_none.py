class Anything:
    def __eq__(self, other):
        return True

x = Anything()
print(x == None)
print(x is None)
print([x] == [None])
