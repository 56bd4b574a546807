"""Python OFX parsers on the same OFX download Coffer imports, for `make bench`.

    python ofx_peers.py ofxparse|ofxtools FILE.ofx

Parses the whole file with the named library and prints one line: `<transactions> <seconds>`,
where the seconds cover reading and parsing (the interpreter start is outside).
"""

import sys
import time


def with_ofxparse(path):
    from ofxparse import OfxParser

    with open(path, "rb") as f:
        ofx = OfxParser.parse(f)
    return sum(len(a.statement.transactions) for a in ofx.accounts)


def with_ofxtools(path):
    from ofxtools.Parser import OFXTree

    tree = OFXTree()
    with open(path, "rb") as f:
        tree.parse(f)
    ofx = tree.convert()
    return sum(len(s.banktranlist or []) for s in ofx.statements)


def main():
    which, path = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    count = {"ofxparse": with_ofxparse, "ofxtools": with_ofxtools}[which](path)
    print(count, f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main()
