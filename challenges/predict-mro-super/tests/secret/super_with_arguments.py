class A:
    def name(self):
        return "A"

class B(A):
    def name(self):
        return "B"

class C(B):
    def name(self):
        return "C/" + super(B, self).name()

print(C().name())
