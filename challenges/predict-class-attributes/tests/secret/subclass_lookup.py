class Base:
    label = "base"

class Child(Base):
    pass

print(Child.label)
Base.label = "changed"
print(Child.label)
Child.label = "own"
Base.label = "again"
print(Child.label, Base.label)
