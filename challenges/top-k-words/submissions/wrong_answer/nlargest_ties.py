# WRONG: heapq.nlargest with key (count, word) puts the largest word first on
# ties, i.e. ties come out in reverse alphabetical order.
import heapq
import re
import sys
from collections import Counter


def main():
    data = sys.stdin.read()
    first, _, text = data.partition("\n")
    k = int(first)
    counts = Counter(re.findall(r"[a-z]+", text.lower()))
    for word, count in heapq.nlargest(k, counts.items(), key=lambda wc: (wc[1], wc[0])):
        print(word, count)


main()
