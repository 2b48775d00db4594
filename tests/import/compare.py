#!/usr/bin/env python3
"""Compares an imported document with a hand transcription, field by field.

Usage: compare.py EXAMPLE.yaml IMPORTED.yaml [--min PERCENT] [--quiet]

Every filled value of the example (a text, an option, one ticked option of a
checklist, one list item, one table cell) counts once.  A value is
reproduced when the import has the same value at the same path after NFKC
and with all white space removed.  Prints the share per part and the misses;
"wrong" lists imported values that differ from a filled example value at
the same path and do not even resemble it (a value under the wrong field;
a near miss -- an older wording kept, a typo in the text -- is only a
miss).  Exits 1 when the overall share is under --min or anything is
wrong."""
import difflib
import sys
import unicodedata

import yaml


def norm(s):
    s = unicodedata.normalize("NFKC", str(s))
    return "".join(s.split())


def leaves(node, path, out):
    if isinstance(node, dict):
        for k, v in node.items():
            leaves(v, path + [str(k)], out)
    elif isinstance(node, list):
        def entry(x):
            if isinstance(x, dict):
                # {option: detail}; an instance has ASCII ids as keys
                if not x:
                    return False
                k = next(iter(x))
                return len(x) == 1 and not str(k).isascii() and not isinstance(x[k], (dict, list))
            return not isinstance(x, list)
        if path and all(entry(x) for x in node):
            # a checklist or list of texts: each entry once, order free
            for x in node:
                if isinstance(x, dict):
                    for k, v in x.items():
                        out.setdefault(".".join(path) + "[]", set()).add(norm(k) + "=" + norm(v))
                else:
                    out.setdefault(".".join(path) + "[]", set()).add(norm(x))
        else:
            for i, x in enumerate(node):
                leaves(x, path + [str(i + 1)], out)
    elif node is not None and norm(node) != "":
        out[".".join(path)] = norm(node)


def flatten(doc):
    out = {}
    for k, v in (doc or {}).items():
        if k in ("form", "form_version", "review"):
            continue
        leaves(v, [k], out)
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    minimum = 0.0
    if "--min" in sys.argv:
        minimum = float(sys.argv[sys.argv.index("--min") + 1])
        args = [a for a in args if a != sys.argv[sys.argv.index("--min") + 1]]
    quiet = "--quiet" in sys.argv
    with open(args[0], encoding="utf-8") as f:
        want = flatten(yaml.safe_load(f))
    with open(args[1], encoding="utf-8") as f:
        got = flatten(yaml.safe_load(f))
    parts = {}
    misses, wrong = [], []
    for path, v in want.items():
        part = path.split(".")[0]
        total, hit = parts.get(part, (0, 0))
        if isinstance(v, set):
            g = got.get(path, set())
            g = g if isinstance(g, set) else set()
            total += len(v)
            hit += len(v & g)
            for x in sorted(v - g):
                misses.append((path, x, None))
            for x in sorted(g - v):
                wrong.append((path, x))
        else:
            total += 1
            g = got.get(path)
            if g == v:
                hit += 1
            else:
                misses.append((path, v, g))
                if g and difflib.SequenceMatcher(None, v[:300], g[:300]).ratio() < 0.6:
                    wrong.append((path, g))
        parts[part] = (total, hit)
    all_t = sum(t for t, _ in parts.values())
    all_h = sum(h for _, h in parts.values())
    for part, (t, h) in parts.items():
        print(f"  {part:16} {h:4}/{t:<4} {100.0 * h / t if t else 100:5.1f}%")
    share = 100.0 * all_h / all_t if all_t else 100.0
    print(f"  {'overall':16} {all_h:4}/{all_t:<4} {share:5.1f}%  wrong: {len(wrong)}")
    if not quiet:
        for path, v, g in misses:
            print(f"  miss  {path}: {v[:60]}" + (f"  (got {g[:50]})" if g else ""))
        for path, g in wrong:
            print(f"  wrong {path}: {g[:70]}")
    return 0 if share >= minimum and not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
