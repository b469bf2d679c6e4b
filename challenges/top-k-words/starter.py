import sys


def main():
    data = sys.stdin.read()
    lines = data.split("\n", 1)
    k = int(lines[0])
    text = lines[1] if len(lines) > 1 else ""
    # TODO: count the words in `text` and print the k most frequent ones,
    # one per line as "word count".


main()
