#!/usr/bin/env python3
"""Writes Sources/OneDoorServices/Resources/pinyin-syllables.txt: one line per syllable,
`zhang:张章…`, for search by full pinyin without tones ("jiehundengji" → 结婚登记).

Each CJK unified ideograph (U+4E00–U+9FA5) is listed under its most common reading (ü as v).
Regenerate with `pip install pypinyin && python3 Data/tools/make_pinyin_syllables.py`.
"""
import collections
import pathlib

from pypinyin import Style, pinyin

by_syllable = collections.defaultdict(list)
for code in range(0x4E00, 0x9FA6):
    ch = chr(code)
    reading = pinyin(ch, style=Style.NORMAL, heteronym=False, errors="ignore", v_to_u=False)
    if reading and reading[0] and reading[0][0]:
        syllable = reading[0][0].lower()
        if syllable.isascii() and syllable.isalpha():
            by_syllable[syllable].append(ch)

out = pathlib.Path(__file__).resolve().parents[2] / "Sources/OneDoorServices/Resources/pinyin-syllables.txt"
out.write_text("".join(f"{k}:{''.join(v)}\n" for k, v in sorted(by_syllable.items())), encoding="utf-8")
print(out, len(by_syllable), "syllables,", sum(len(v) for v in by_syllable.values()), "characters")
