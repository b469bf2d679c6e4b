# Reference solution: count with collections.Counter, sort by (-count, word).
import re
import sys
from collections import Counter


def main():
    data = sys.stdin.read()
    first, _, text = data.partition("\n")
    k = int(first)
    # [A-Za-z]+ on the original text, then lowercase each word: only ASCII
    # letters ever form words.
    counts = Counter(map(str.lower, re.findall(r"[A-Za-z]+", text)))
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]
    sys.stdout.write("".join(f"{word} {count}\n" for word, count in top))


main()
