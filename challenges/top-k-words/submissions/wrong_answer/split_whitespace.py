# WRONG: splits on whitespace only and strips punctuation from the ends of each
# token. "don't", "e-mail", "abc123def" and "a,b" stay single tokens, and digits
# are kept ("2024" becomes a word).
import string
import sys
from collections import Counter


def main():
    data = sys.stdin.read()
    first, _, text = data.partition("\n")
    k = int(first)
    counts = Counter()
    for token in text.lower().split():
        token = token.strip(string.punctuation)
        if token:
            counts[token] += 1
    for word, count in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))[:k]:
        print(word, count)


main()
