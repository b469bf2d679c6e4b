# Alternative accepted solution: lowercase the whole text, Counter, then
# heapq.nsmallest(k) with key (-count, word) instead of a full sort.
import heapq
import re
import sys
from collections import Counter


def main():
    lines = sys.stdin.read().split("\n", 1)
    k = int(lines[0])
    text = lines[1] if len(lines) > 1 else ""
    counts = Counter(re.findall(r"[a-z]+", text.lower()))
    for word, count in heapq.nsmallest(k, counts.items(), key=lambda wc: (-wc[1], wc[0])):
        print(word, count)


main()
