#!/usr/bin/env python3
"""Builds the demo catalogue (Sources/OneDoorServices/Resources/demo-catalog.json) from the item
specifications in this folder. Run after editing them: `python3 Data/demo/make_demo_catalog.py`.
"""
import json
import pathlib

import items_business
import items_business_2
import items_business_3
import items_construction
import items_construction_2
import items_construction_3
import items_police
import items_police_2
import items_police_3
import items_registration
import items_registration_2
import items_registration_3
import items_social
import items_social_2
import items_social_3
from org import CATEGORIES, DEPARTMENTS, HALLS, ITEM_TYPES, REGIONS, WINDOWS

items = (
    items_social.ITEMS + items_social_2.ITEMS + items_social_3.ITEMS
    + items_registration.ITEMS + items_registration_2.ITEMS + items_registration_3.ITEMS
    + items_business.ITEMS + items_business_2.ITEMS + items_business_3.ITEMS
    + items_construction.ITEMS + items_construction_2.ITEMS + items_construction_3.ITEMS
    + items_police.ITEMS + items_police_2.ITEMS + items_police_3.ITEMS
)
names = [i["versions"][0]["name"] for i in items]
assert len(names) == len(set(names)), "duplicate item names"

document = {
    "format": "onedoor-catalog",
    "formatVersion": 1,
    "regions": [{"code": c, "name": n, **({"parent": p} if p else {})} for c, n, p in REGIONS],
    "itemTypes": [{"code": c, "name": n} for c, n in ITEM_TYPES],
    "windowCategories": [{"code": c, "name": n} for c, n in CATEGORIES],
    "departments": [{"code": c, "name": n, "uscc": u, "region": "440604", "phone": p} for c, n, u, p in DEPARTMENTS],
    "halls": [{"code": c, "name": n, "level": l, "region": r, "address": a, "phone": p, "openingHours": h} for c, n, l, r, a, p, h in HALLS],
    "windows": [{"hall": h, "number": n, "categories": cs} for h, n, cs in WINDOWS],
    "items": sorted(items, key=lambda i: i["versions"][0]["implementationCode"]),
}
out = pathlib.Path(__file__).resolve().parents[2] / "Sources/OneDoorServices/Resources/demo-catalog.json"
out.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
print(f"{out}: {len(items)} items, {len(DEPARTMENTS)} departments, {len(HALLS)} halls, {len(WINDOWS)} windows")
