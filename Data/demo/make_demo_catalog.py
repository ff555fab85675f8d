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
import items_themes
import themes
from life_stages import life_stages
from push_rules import push_rules
from org import CATEGORIES, DEPARTMENTS, HALLS, ITEM_TYPES, REGIONS, WINDOWS

items = (
    items_social.ITEMS + items_social_2.ITEMS + items_social_3.ITEMS
    + items_registration.ITEMS + items_registration_2.ITEMS + items_registration_3.ITEMS
    + items_business.ITEMS + items_business_2.ITEMS + items_business_3.ITEMS
    + items_construction.ITEMS + items_construction_2.ITEMS + items_construction_3.ITEMS
    + items_police.ITEMS + items_police_2.ITEMS + items_police_3.ITEMS
    + items_themes.ITEMS
)
# Electronic licences the items issue (issue 15): the licence type of each item's result.
LICENCE_TYPES = {
    "失业登记": "RSJ01", "就业创业证申领": "RSJ01", "公共场所卫生许可": "WJJ01", "老年人优待证": "WJJ02",
    "结婚登记": "MZJ02", "补领婚姻登记证": "MZJ02", "食品经营许可": "SCJG02", "食品经营许可变更": "SCJG02",
    "企业设立登记": "SCJG01", "企业变更登记": "SCJG01", "农民专业合作社设立登记": "SCJG01", "企业迁移登记": "SCJG01",
    "分公司设立登记": "SCJG01", "合伙企业设立登记": "SCJG01", "个人独资企业设立登记": "SCJG01", "个体工商户登记": "SCJG01",
    "个体工商户变更登记": "SCJG01", "公众聚集场所投入使用、营业前消防安全检查": "XFJY01", "娱乐场所经营许可": "WGLT01",
    "道路货物运输经营许可": "JTJ01", "道路旅客运输站（场）经营许可": "JTJ01", "居住证": "GAHZ01", "残疾人证核发": "CLH01",
}
for item in items:
    guide = item["versions"][0]
    if guide["name"] in LICENCE_TYPES:
        guide["result"]["licenceType"] = LICENCE_TYPES[guide["name"]]
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
    "themes": themes.themes({i["versions"][0]["name"]: i for i in items}),
    "lifeStages": life_stages({i["versions"][0]["name"]: i for i in items}),
    "pushRules": push_rules({i["versions"][0]["name"]: i for i in items}, None),
}
filed = {code for stage in document["lifeStages"] for code in stage["items"]}
out = pathlib.Path(__file__).resolve().parents[2] / "Sources/OneDoorServices/Resources/demo-catalog.json"
out.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
print(f"{out}: {len(items)} items ({len(filed)} filed under a life stage, {len(filed) * 100 // len(items)} %), {len(document['themes'])} themes, "
      f"{len(document['pushRules'])} push rules, {len(DEPARTMENTS)} departments, {len(HALLS)} halls, {len(WINDOWS)} windows")
