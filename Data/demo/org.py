"""The demo district's organisation: 佛山市禅城区, its halls, windows and departments.

Modelled on Chancheng's 一门式 reform: one district hall, town/street halls, village/community
stations; comprehensive windows by the five categories of the seeds.
"""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def organisation_code(first8):
    """GB 11714 organisation code: 8 characters + check character."""
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in first8]
    s = sum(v * w for v, w in zip(values, [3, 7, 9, 10, 5, 8, 4, 2]))
    c = 11 - s % 11
    return first8 + ("X" if c == 10 else "0" if c == 11 else str(c))


def uscc(authority_category_region, org8):
    """A GB 32100 code with correct organisation-code and USCC check characters."""
    body = authority_category_region + organisation_code(org8)
    s = sum(ALPHABET.index(ch) * w for ch, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - s % 31) % 31]


REGIONS = [
    ("440000", "广东省", None),
    ("440600", "佛山市", "440000"),
    ("440604", "禅城区", "440600"),
    ("440604010", "祖庙街道", "440604"),
    ("440604011", "石湾镇街道", "440604"),
    ("440604012", "张槎街道", "440604"),
    ("440604100", "南庄镇", "440604"),
    ("440604010003", "祖庙街道升平社区", "440604010"),
    ("440604011008", "石湾镇街道东风社区", "440604011"),
    ("440604012005", "张槎街道大富社区", "440604012"),
    ("440604100210", "南庄镇紫洞村", "440604100"),
]

ITEM_TYPES = [
    ("XK", "行政许可"), ("QR", "行政确认"), ("CJ", "行政裁决"), ("JF", "行政给付"),
    ("JL", "行政奖励"), ("BA", "行政备案"), ("QT", "其他行政权力"), ("GGFW", "公共服务"),
]

CATEGORIES = [
    ("social", "社会民生类"),
    ("registration", "注册登记类"),
    ("business", "经营许可类"),
    ("construction", "投资建设类"),
    ("police", "公安专项类"),
]

# (code, name, org-code stem, phone). Offices of one body share its USCC (户政/出入境/交警/治安).
_POLICE = uscc("11440604", "00700100")
DEPARTMENTS = [
    ("RSJ", "禅城区人力资源和社会保障局", uscc("11440604", "00700001"), "0757-82326001"),
    ("SBJ", "佛山市社会保险基金管理局禅城分局", uscc("12440604", "00700002"), "0757-82326002"),
    ("WJJ", "禅城区卫生健康局", uscc("11440604", "00700003"), "0757-82326003"),
    ("GAHZ", "佛山市公安局禅城分局（户政）", _POLICE, "0757-83992110"),
    ("GACRJ", "佛山市公安局禅城分局（出入境管理）", _POLICE, "0757-83992111"),
    ("GAJJ", "佛山市公安局交通警察支队禅城大队", uscc("11440604", "00700101"), "0757-83992112"),
    ("GAZA", "佛山市公安局禅城分局（治安管理）", _POLICE, "0757-83992113"),
    ("MZJ", "禅城区民政局", uscc("11440604", "00700004"), "0757-82326004"),
    ("ZRZY", "佛山市自然资源局禅城分局", uscc("11440604", "00700005"), "0757-82326005"),
    ("ZJSL", "禅城区住房城乡建设和水利局", uscc("11440604", "00700006"), "0757-82326006"),
    ("BDC", "佛山市不动产登记中心禅城分中心", uscc("12440604", "00700007"), "0757-82326007"),
    ("CZJ", "禅城区财政局", uscc("11440604", "00700008"), "0757-82326008"),
    ("STHJ", "佛山市生态环境局禅城分局", uscc("11440604", "00700009"), "0757-82326009"),
    ("SCJG", "禅城区市场监督管理局", uscc("11440604", "00700010"), "0757-82326010"),
    ("SWJ", "国家税务总局佛山市禅城区税务局", uscc("11440604", "00700011"), "0757-12366"),
    ("XFJY", "佛山市禅城区消防救援大队", uscc("11440604", "00700012"), "0757-82326012"),
    ("CGJ", "禅城区城市管理和综合执法局", uscc("11440604", "00700013"), "0757-82326013"),
    ("JYJ", "禅城区教育局", uscc("11440604", "00700014"), "0757-82326014"),
    ("CLH", "禅城区残疾人联合会", uscc("51440604", "00700015"), "0757-82326015"),
    ("SFJ", "禅城区司法局", uscc("11440604", "00700016"), "0757-82326016"),
    ("WGLT", "禅城区文化广电旅游体育局", uscc("11440604", "00700017"), "0757-82326017"),
    ("TYJR", "禅城区退役军人事务局", uscc("11440604", "00700018"), "0757-82326018"),
    ("YBJ", "佛山市禅城区医疗保障局", uscc("11440604", "00700019"), "0757-82326019"),
    ("JTJ", "禅城区交通运输局", uscc("11440604", "00700020"), "0757-82326020"),
    ("YJGL", "禅城区应急管理局", uscc("11440604", "00700021"), "0757-82326021"),
    ("GJJ", "佛山市住房公积金管理中心禅城管理部", uscc("12440604", "00700022"), "0757-12329"),
    ("NYNC", "禅城区农业农村局", uscc("11440604", "00700023"), "0757-82326023"),
    ("JKJ", "禅城区经济和科技促进局", uscc("11440604", "00700024"), "0757-82326024"),
]


def _week(opens_am="09:00", closes_am="12:00", opens_pm="13:30", closes_pm="17:30", saturday=False):
    days = range(1, 7 if saturday else 6)
    return [p for d in days for p in (
        {"weekday": d, "opens": opens_am, "closes": closes_am},
        {"weekday": d, "opens": opens_pm, "closes": closes_pm},
    )]


HALLS = [
    ("CCZX", "禅城区行政服务中心", "district", "440604", "佛山市禅城区岭南大道北 99 号", "0757-83030000", _week(saturday=True)),
    ("ZMJD", "祖庙街道行政服务中心", "town", "440604010", "佛山市禅城区人民路 208 号", "0757-83031010", _week()),
    ("SWZ", "石湾镇街道行政服务中心", "town", "440604011", "佛山市禅城区石湾镇街道和平路 13 号", "0757-83031011", _week()),
    ("ZCJD", "张槎街道行政服务中心", "town", "440604012", "佛山市禅城区张槎一路 125 号", "0757-83031012", _week()),
    ("NZZ", "南庄镇行政服务中心", "town", "440604100", "佛山市禅城区南庄镇南庄大道 28 号", "0757-83031100", _week()),
    ("SPSQ", "升平社区便民服务站", "village", "440604010003", "佛山市禅城区祖庙街道升平路 36 号", "0757-83032003", _week("08:30", "12:00", "14:30", "17:30")),
    ("DFSQ", "东风社区便民服务站", "village", "440604011008", "佛山市禅城区石湾镇街道东风路 5 号", "0757-83032008", _week("08:30", "12:00", "14:30", "17:30")),
    ("DFUSQ", "大富社区便民服务站", "village", "440604012005", "佛山市禅城区张槎街道大富路 18 号", "0757-83032005", _week("08:30", "12:00", "14:30", "17:30")),
    ("ZDC", "紫洞村便民服务站", "village", "440604100210", "佛山市禅城区南庄镇紫洞村委会一楼", "0757-83032210", _week("08:30", "12:00", "14:30", "17:30")),
]

ALL = [c for c, _ in CATEGORIES]
WINDOWS = (
    # District hall: comprehensive windows, each serving several categories; police windows apart.
    [("CCZX", str(n), ["social", "registration"]) for n in range(1, 9)]
    + [("CCZX", str(n), ["business", "registration"]) for n in range(9, 15)]
    + [("CCZX", str(n), ["construction", "business"]) for n in range(15, 19)]
    + [("CCZX", str(n), ["police"]) for n in range(19, 23)]
    + [(h, str(n), ["social", "registration", "business"]) for h in ("ZMJD", "SWZ", "ZCJD", "NZZ") for n in range(1, 5)]
    + [(h, "5", ["police", "social"]) for h in ("ZMJD", "SWZ", "ZCJD", "NZZ")]
    + [(h, "1", ["social"]) for h in ("SPSQ", "DFSQ", "DFUSQ", "ZDC")]
)
