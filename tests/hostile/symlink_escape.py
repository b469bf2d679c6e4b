# expect: WA
# needs: none
# why: leaves symlinks to /, to the challenge package and its secret tests (inside a folder it then locks with chmod 000) for the cleanup to follow
import os

PACKAGE = "@PACKAGE@"


def solve(x):
    links = {
        "root-link": "/",
        "package-link": PACKAGE,
        "secret-link": os.path.join(PACKAGE, "tests", "secret"),
        "toml-link": os.path.join(PACKAGE, "challenge.toml"),
        "etc-link": "/etc",
    }
    os.makedirs("trap/inner", exist_ok=True)
    for folder in (".", "trap", "trap/inner"):
        for name, target in links.items():
            try:
                os.symlink(target, os.path.join(folder, name))
            except OSError:
                pass
    for folder in ("trap/inner", "trap"):
        os.chmod(folder, 0)
    return -1
