# expect: RE
# needs: none
# why: writes json.py, traceback.py, sitecustomize.py and friends into the working folder and every sys.path entry, so that the runner (which imports traceback lazily) or a later case picks them up; then raises
import os
import sys

BREACH = "HOSTILE-" + "BREACH"
NAMES = ("json", "traceback", "linecache", "sitecustomize", "usercustomize", "dis", "gc", "binascii", "math", "select")
SHADOW = (
    "import sys\n"
    "sys.stderr.write('HOSTILE-' + 'BREACH shadow module %s imported\\n')\n"
    "raise SystemExit('HOSTILE-' + 'BREACH shadow module %s imported')\n"
)


def solve(x):
    folders = [os.getcwd()] + [entry for entry in sys.path if entry and os.path.isdir(entry)]
    written = []
    for folder in folders:
        for name in NAMES:
            try:
                with open(os.path.join(folder, name + ".py"), "w") as out:
                    out.write(SHADOW % (name, name))
                written.append(os.path.join(folder, name + ".py"))
            except OSError:
                pass
    for name in ("json", "traceback"):
        sys.modules.pop(name, None)
    import json  # noqa: F401 - must still be the standard library's
    if "HOSTILE" in getattr(json, "__doc__", "") or not hasattr(json, "dumps"):
        raise Exception(BREACH + " imported a shadow json")
    raise ValueError("wrote %d shadow modules" % len(written))
