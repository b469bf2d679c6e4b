# TOO SLOW: correct, but counts every distinct word with list.count, which
# scans the whole word list each time: O(words * distinct words).
import re
import sys


def main():
    data = sys.stdin.read()
    first, _, text = data.partition("\n")
    k = int(first)
    words = re.findall(r"[a-z]+", text.lower())
    counts = []
    for word in set(words):
        counts.append((-words.count(word), word))
    counts.sort()
    for negcount, word in counts[:k]:
        print(word, -negcount)


main()
