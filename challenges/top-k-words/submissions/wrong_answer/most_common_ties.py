# WRONG: Counter.most_common(k) orders equal counts by first occurrence in the
# text, not alphabetically, so ties come out in the wrong order (and the wrong
# words can be cut off at position k).
import re
import sys
from collections import Counter


def main():
    data = sys.stdin.read()
    first, _, text = data.partition("\n")
    k = int(first)
    counts = Counter(re.findall(r"[a-z]+", text.lower()))
    for word, count in counts.most_common(k):
        print(word, count)


main()
