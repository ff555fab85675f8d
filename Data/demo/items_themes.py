"""Items the 一件事 themes need that the first catalogue lacked (issue 17 §1). Loaded last, so the
codes of the items before them do not move."""
from build import FORM, ID, LICENCE, I, M

ITEMS = [
    I("出生医学证明首次签发", "WJJ", "GGFW", "social", 5, 1,
      basis=["《中华人民共和国母婴保健法》第二十三条", "《国家卫生健康委办公厅关于进一步加强出生医学证明管理的通知》"],
      cond=["在本区助产机构出生的新生儿，由父母或其他监护人申领"],
      mats=[ID("父母双方", c=1), FORM("出生医学证明首次签发登记表", notes="由助产机构填写，父母双方签名确认"),
            M("结婚证", c=1, n="optional", s="government")],
      result=("出生医学证明", "证明"), aliases=["出生证", "办出生证", "出生医学证明办理"], tags=["生育", "出生一件事"]),
    I("单位社会保险注销登记", "SBJ", "QR", "registration", 10, 3, trips=0,
      basis=["《中华人民共和国社会保险法》第五十七条", "《社会保险登记管理暂行办法》第十六条"],
      cond=["依法终止的用人单位，已结清应缴社会保险费、滞纳金和罚款"],
      mats=[LICENCE(), FORM("社会保险注销登记表", notes="企业注销一网通办平台中一并填写"),
            M("清算组备案通知书或注销决议", t="other", o=0, c=1)],
      result=("单位社会保险注销登记信息", "其他"), aliases=["单位社保注销", "公司社保销户"], tags=["企业注销", "社保"],
      steps=[
          {"name": "申请", "detail": "申请人到任一综合窗口或通过广东政务服务网提交申请"},
          {"name": "受理", "detail": "综合窗口审核材料：齐全且符合法定形式的予以受理；不齐全的一次性告知需补正的全部内容"},
          {"name": "审核", "detail": "社保经办机构核对欠费、在职参保人员转移情况"},
          {"name": "办结", "detail": "办结注销，出具注销登记信息"},
      ]),
]
