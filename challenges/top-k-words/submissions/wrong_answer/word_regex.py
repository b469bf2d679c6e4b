# WRONG: uses \w+, which also matches digits, underscores and non-ASCII letters
# ("snake_case", "route66" and "café" become single words, "2024" is a word).
import re
import sys
from collections import Counter


def main():
    data = sys.stdin.read()
    first, _, text = data.partition("\n")
    k = int(first)
    counts = Counter(re.findall(r"\w+", text.lower()))
    for word, count in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))[:k]:
        print(word, count)


main()
