"""Write the large secret cases of top-k-words into OUTDIR.

Usage: python3 generate.py OUTDIR

Deterministic: every case uses its own random.Random(seed). The answers are
computed by a plain reference implementation of the statement below.
"""
import os
import random
import re
import string
import sys

WORD_RE = re.compile(r"[A-Za-z]+")

# Separators between words: never contain an ASCII letter. Weighted so that most
# are single spaces, with punctuation, digits, underscores, apostrophes,
# non-ASCII letters and both kinds of line endings mixed in.
SEPARATORS = [" ", "\n", ", ", ". ", "; ", " - ", "'", "_", "1", " 42 ", "\t", "!? ",
              "\r\n", "\u00e9", " \u00fc\u00df ", "--", "(", ") ", "0#", " 3.14 "]
SEP_WEIGHTS = [70, 6, 5, 4, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]


def reference(k, text):
    counts = {}
    for word in WORD_RE.findall(text):
        word = word.lower()
        counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))
    return "".join(f"{word} {count}\n" for word, count in ranked[:k])


def make_vocab(rng, size, min_len, max_len):
    vocab = set()
    letters = string.ascii_lowercase
    while len(vocab) < size:
        length = rng.randint(min_len, max_len)
        vocab.add("".join(rng.choices(letters, k=length)))
    return sorted(vocab)


def render(rng, k, tokens, case_rate):
    """Join tokens with random separators; change the case of some tokens."""
    seps = rng.choices(SEPARATORS, weights=SEP_WEIGHTS, k=len(tokens))
    rnd = rng.random
    parts = []
    for word, sep in zip(tokens, seps):
        if rnd() < case_rate:
            r = rnd()
            word = word.upper() if r < 0.3 else word.capitalize() if r < 0.8 else word.swapcase()
        parts.append(word)
        parts.append(sep)
    return f"{k}\n" + "".join(parts)


def case_uniform():
    rng = random.Random(5001)
    vocab = make_vocab(rng, 100_000, 1, 8)
    tokens = rng.choices(vocab, k=1_000_000)
    return render(rng, 1000, tokens, 0.1)


def case_zipf():
    rng = random.Random(5102)
    vocab = make_vocab(rng, 50_000, 2, 9)
    rng.shuffle(vocab)
    weights = [1.0 / (rank ** 1.07) for rank in range(1, len(vocab) + 1)]
    tokens = rng.choices(vocab, weights=weights, k=1_000_000)
    return render(rng, 1000, tokens, 0.2)


def case_ties():
    # 5000 words, every one exactly 200 times, except a few at 201: the top 1000
    # is decided almost entirely by the alphabetical tie-break.
    rng = random.Random(5203)
    vocab = make_vocab(rng, 5000, 3, 7)
    tokens = vocab * 200
    tokens += rng.sample(vocab, 7)
    rng.shuffle(tokens)
    return render(rng, 1000, tokens, 0.3)


def case_long_words():
    # 40 distinct very long words (several share a 20000-letter prefix), about
    # 6 MB in total; k is larger than the number of distinct words.
    rng = random.Random(5304)
    prefix = "".join(rng.choices(string.ascii_lowercase, k=20_000))
    vocab = set()
    while len(vocab) < 40:
        body = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(1, 5000)))
        vocab.add(prefix + body if len(vocab) % 3 == 0 else body * 2)
    vocab = sorted(vocab)
    tokens = []
    size = 0
    while size < 6_000_000:
        word = rng.choice(vocab)
        tokens.append(word)
        size += len(word) + 1
    return render(rng, 1000, tokens, 0.05)


CASES = {
    "50-large-uniform": case_uniform,
    "51-large-zipf": case_zipf,
    "52-large-ties": case_ties,
    "53-large-long-words": case_long_words,
}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: generate.py OUTDIR")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name, build in CASES.items():
        text = build()
        k = int(text.partition("\n")[0])
        answer = reference(k, text.partition("\n")[2])
        with open(os.path.join(outdir, name + ".in"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        with open(os.path.join(outdir, name + ".ans"), "w", encoding="utf-8", newline="") as f:
            f.write(answer)


if __name__ == "__main__":
    main()
