class Widget:
    created = 0

    def __init__(self):
        self.created += 1

    @classmethod
    def make(cls):
        cls.created += 1
        return cls()

w = Widget()
print(w.created, Widget.created)
Widget.make()
print(Widget.created)
