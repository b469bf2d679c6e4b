class Team:
    members = []

    def join(self, name):
        self.members.append(name)

red = Team()
blue = Team()
red.join("ann")
blue.join("bob")
print(red.members)
print(red.members is Team.members)
