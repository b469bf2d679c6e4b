class X:
    pass

class Y:
    pass

class A(X, Y):
    pass

class B(Y, X):
    pass

try:
    class C(A, B):
        pass
except TypeError:
    print("TypeError")
print([cls.__name__ for cls in A.__mro__])
