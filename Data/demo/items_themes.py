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
    # 推送办's example (issue 17 §3): what a woman who registers a birth is told at once.
    I("孕产妇免费产前检查券申领", "WJJ", "GGFW", "social", 5, 0,
      basis=["《中华人民共和国母婴保健法》第十四条", "《广东省基本公共卫生服务规范（孕产妇健康管理）》"],
      cond=["本区常住或已办理生育登记的孕妇，孕 13 周前建立孕产期保健手册"],
      mats=[ID("孕妇本人", c=1), M("孕产期保健手册", o=1, c=0, n="optional")],
      result=("免费产前检查券", "其他"), aliases=["产检券", "免费产检", "孕检券"], tags=["生育", "母婴"]),
    I("生育保险参保职工计划生育情况确认", "WJJ", "QR", "social", 5, 2,
      basis=["《中华人民共和国社会保险法》第五十四条", "《广东省职工生育保险规定》第十八条"],
      cond=["参加职工生育保险、申领生育保险待遇前需确认计划生育情况的职工"],
      mats=[ID("申请人", c=1), M("结婚证", c=1, n="optional", s="government"), FORM("生育保险参保职工计划生育情况确认表")],
      result=("计划生育情况确认意见", "其他"), aliases=["生育保险计生确认", "计生情况确认"], tags=["生育", "社保"]),
]
