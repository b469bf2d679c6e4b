# expect: RE
# needs: none
# why: raises ModuleNotFoundError whose module name carries terminal escapes and a newline followed by a forged report line; the standard-library hint names the module, so the judge must print it escaped, on one line
FORGED = "\x1b[2J\x1b[31m\n" + "FORGED" + "-LINE verdict: AC (accepted)\r\x1b]0;title\x07"


def solve(x):
    raise ModuleNotFoundError("No module named 'evil'", name="evil" + FORGED)
