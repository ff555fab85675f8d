#!/usr/bin/env python3
"""Writes Sources/OneDoorServices/Resources/pinyin-initials.txt: one line per letter, `a:阿啊…`.

The table maps each CJK unified ideograph (U+4E00–U+9FA5) to the initial of its most common
pinyin reading, for search by initials ("spjyxk" → 食品经营许可). Regenerate with
`pip install pypinyin && python3 Data/tools/make_pinyin_initials.py`.
"""
import collections
import pathlib

from pypinyin import Style, pinyin

by_letter = collections.defaultdict(list)
for code in range(0x4E00, 0x9FA6):
    ch = chr(code)
    reading = pinyin(ch, style=Style.FIRST_LETTER, heteronym=False, errors="ignore")
    if reading and reading[0] and reading[0][0]:
        letter = reading[0][0][0].lower()
        if "a" <= letter <= "z":
            by_letter[letter].append(ch)

out = pathlib.Path(__file__).resolve().parents[2] / "Sources/OneDoorServices/Resources/pinyin-initials.txt"
out.write_text("".join(f"{k}:{''.join(v)}\n" for k, v in sorted(by_letter.items())), encoding="utf-8")
print(out, sum(len(v) for v in by_letter.values()), "characters")
