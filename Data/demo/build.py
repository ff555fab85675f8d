"""Helpers that turn compact item specifications into catalogue records (docs/catalog-format.md)."""
from org import DEPARTMENTS

DEPT = {code: (name, uscc, phone) for code, name, uscc, phone in DEPARTMENTS}
DEPT_NO = {code: i + 1 for i, (code, *_rest) in enumerate(DEPARTMENTS)}
TYPE_NO = {"XK": 1, "QR": 2, "CJ": 3, "JF": 4, "JL": 5, "BA": 6, "QT": 7, "GGFW": 8}
LEVELS = {"county": 4, "town": 5}
_seq = {}

HOURS = "周一至周五 9:00–12:00、13:30–17:30（区行政服务中心周六照常办公；法定节假日除外）"
COMPLAINT = "12345 政务服务便民热线；禅城区政务服务和数据管理局监督电话 0757-83030011"


def M(name, t="cert", o=1, c=0, n="required", s="applicant", f="paper", notes="", blank=None, sample=None):
    """A material. t: cert|form|other; n: required|optional|deferrable; s: applicant|government."""
    m = {"name": name, "type": {"cert": "certificate", "form": "form", "other": "other"}[t], "form": {"paper": "paper", "e": "electronic", "both": "both"}[f],
         "originals": o, "copies": c, "necessity": n, "source": s, "notes": notes}
    if blank:
        m["blankForm"] = blank
    if sample:
        m["sample"] = sample
    return m


def ID(who="申请人", c=1, notes="核验原件，留存复印件"):
    return M(f"{who}居民身份证", c=c, notes=notes)


def FORM(name, notes="空白表格和示例样表可在综合窗口领取"):
    return M(name, t="form", notes=notes)


def LICENCE(name="营业执照", notes="已在电子证照库中的，无需提交，窗口调取核验"):
    return M(name, o=0, c=1, s="government", f="both", notes=notes)


def location(cat, dept, levels):
    if cat == "police":
        return "禅城区行政服务中心公安专项窗口（19–22 号）；各镇街行政服务中心 5 号窗口"
    if levels == ["district"]:
        return "禅城区行政服务中心综合窗口（佛山市禅城区岭南大道北 99 号）"
    return "禅城区行政服务中心及各镇街行政服务中心综合窗口（全区通办）"


def procedure(kind, dept_name, special):
    if kind == "immediate":
        return [
            {"name": "申请", "detail": "申请人到任一综合窗口或通过广东政务服务网提交申请"},
            {"name": "受理", "detail": "综合窗口核验身份和材料，材料齐全、符合法定形式的当场受理"},
            {"name": "办结", "detail": "当场审核并出具办理结果"},
        ]
    steps = [
        {"name": "申请", "detail": "申请人到任一综合窗口或通过广东政务服务网提交申请"},
        {"name": "受理", "detail": "综合窗口审核材料：齐全且符合法定形式的予以受理；不齐全的一次性告知需补正的全部内容"},
        {"name": "审查", "detail": f"{dept_name}对申请材料进行实质审查"},
    ]
    if special:
        steps.append({"name": "特别程序", "detail": "；".join(special) + "（所需时间不计入办理时限）"})
    steps += [
        {"name": "决定", "detail": "作出准予或者不予的书面决定，不予的说明理由"},
        {"name": "送达", "detail": "在任一综合窗口领取结果，或选择邮寄送达"},
    ]
    return steps


def I(name, dept, typ, cat, legal, promised, *, basis, cond, mats, result, unit="working-days", trips=1, depth=3,
      aliases=(), tags=(), special=(), fee=None, forms=None, levels=(), scope="district", level="county", kind=None,
      steps=None, chief=False):
    """One item with a single published version. chief: its chief representative (首席代表) decides alone."""
    dept_name, uscc, phone = DEPT[dept]
    kind = kind or ("immediate" if promised == 0 else "promised")
    _seq[dept] = _seq.get(dept, 0) + 1
    basic = f"{TYPE_NO[typ]:02d}{DEPT_NO[dept]:03d}{_seq[dept]:04d}000"
    if forms is None:
        forms = ["window", "online"] if trips > 0 else ["online"]
    if trips == 0:
        depth = 4
    guide = {
        "basicCode": basic,
        "implementationCode": uscc + str(LEVELS[level]) + basic,
        "name": name,
        "itemType": typ,
        "department": dept,
        "level": LEVELS[level],
        "legalBasis": list(basis),
        "conditions": list(cond),
        "handlingForms": list(forms),
        "caseKind": kind,
        "legalLimit": {"days": legal, "unit": unit},
        "promisedLimit": {"days": promised, "unit": unit},
        "trips": trips,
        "specialProcedures": list(special),
        "fee": fee or {"charged": False, "standard": "", "basis": ""},
        "procedure": steps or procedure(kind, dept_name, special),
        "location": location(cat, dept, list(levels)),
        "hours": HOURS,
        "consultation": f"{dept_name} {phone}；12345 政务服务便民热线",
        "complaint": COMPLAINT,
        "onlineDepth": depth,
        "scope": scope,
        "hallLevels": list(levels),
        "result": {"name": result[0], "type": result[1]},
        "windowCategory": cat,
        "tags": list(tags),
        "aliases": list(aliases),
        "materials": list(mats),
    }
    if chief:
        guide["chiefRepresentativeDecides"] = True
    return {"status": "published", "publishedVersion": 1, "versions": [guide]}


def FEE(standard, basis, amounts=None):
    # amounts: (label, yuan) pairs where the standard fixes them; a recorded fee must be one.
    fee = {"charged": True, "standard": standard, "basis": basis}
    if amounts:
        fee["amounts"] = [{"label": label, "fen": round(yuan * 100)} for label, yuan in amounts]
    return fee
