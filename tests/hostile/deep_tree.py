# expect: WA
# needs: none
# why: builds a 500-level directory tree (longer than PATH_MAX in total) in the working folder, with unreadable and unsearchable levels, for the cleanup to choke on
import os

NAME = "deep-level-" + "q" * 8


def solve(x):
    start = os.open(".", os.O_RDONLY | os.O_DIRECTORY)
    made = 0
    try:
        os.makedirs("tree", exist_ok=True)
        os.chdir("tree")
        for level in range(500):
            try:
                os.mkdir(NAME)
            except FileExistsError:
                pass
            os.chdir(NAME)
            made += 1
            if level % 50 == 49:
                with open("leaf.txt", "w") as leaf:
                    leaf.write("leaf")
        os.mkfifo("fifo")
        os.chmod(".", 0)
    except OSError:
        pass
    finally:
        os.fchdir(start)
        os.close(start)
    for top in ("tree", "tree/" + NAME):
        try:
            os.chmod(top, 0)
        except OSError:
            pass
    return "made %d levels" % made
