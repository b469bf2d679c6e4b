# WRONG: forgets to lowercase, so "The", "the" and "THE" are counted as three
# different words.
import re
import sys
from collections import Counter


def main():
    data = sys.stdin.read()
    first, _, text = data.partition("\n")
    k = int(first)
    counts = Counter(re.findall(r"[A-Za-z]+", text))
    for word, count in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))[:k]:
        print(word, count)


main()
