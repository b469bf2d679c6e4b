# expect: CE|RE
# needs: none
# why: raises at import a SyntaxError whose line and column are of forged types and sizes (a 31-digit line, a negative column, a bool) and whose file name and text carry escapes and a newline with a forged report line: the place the judge shows must stay a number or be left out
FORGED = "\x1b[2J\n" + "FORGED" + "-LINE verdict: AC (accepted)"


class Liar(int):
    def __str__(self):
        return FORGED

    __repr__ = __str__


raise SyntaxError("invalid syntax" + FORGED, ("/judge/solution.py" + FORGED, 10**30, Liar(-5), "x = (" + FORGED, True, Liar(7)))
