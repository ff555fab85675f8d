"""推送办 rules of the demo district (issue 17 §3): what is pushed to whom after which event.
The first two are the seed's example: a woman who registers a birth is told at once about the
free antenatal vouchers and the maternity-insurance confirmation."""


def push_rules(byname, themes):
    def item(n):
        return {"item": byname[n]["versions"][-1]["implementationCode"]}

    def concluded(n):
        return {"on": "concluded", "item": byname[n]["versions"][-1]["implementationCode"]}

    def rule(code, name, stage, trigger, targets, reason, conditions=(), deadline=None):
        r = {"code": code, "name": name, "stage": stage, "trigger": trigger, "targets": targets, "reason": reason}
        if conditions:
            r["conditions"] = list(conditions)
        if deadline:
            r["deadlineDays"] = deadline
        return r

    maternity = [item("孕产妇免费产前检查券申领"), item("生育保险参保职工计划生育情况确认"), item("生育医疗费用报销")]
    return [
        rule("TS-SYDJ", "生育登记后", "family", concluded("生育登记"), maternity,
             "您的生育登记已办结。", conditions=[{"female": True}]),
        rule("TS-JSZ", "计划生育服务证后", "family", concluded("计划生育服务证"), maternity,
             "您的计划生育服务证已办结。", conditions=[{"female": True}]),
        rule("TS-CSYXZM", "出生医学证明签发后", "birth", concluded("出生医学证明首次签发"), [item("出生登记")],
             "宝宝的出生医学证明已签发，婴儿出生后一个月以内应申报出生登记（户口登记）。", deadline=30),
        rule("TS-CSCB", "出生后参保", "birth", concluded("出生医学证明首次签发"), [item("基本医疗保险参保登记"), item("社会保障卡申领")],
             "宝宝的出生医学证明已签发，户口登记后即可为宝宝参加医保、申领社保卡。"),
        rule("TS-JHDJ", "结婚登记后", "family", concluded("结婚登记"), [item("生育登记"), item("户口迁移（准予迁入）")],
             "您的结婚登记已办结。"),
        rule("TS-LNR60", "年满 60 周岁", "care", {"on": "birthday", "age": 60}, [item("老年人优待证")],
             "您已年满 60 周岁，可免费办理老年人优待证。"),
        rule("TS-GL80", "年满 80 周岁", "care", {"on": "birthday", "age": 80}, [item("高龄老人津贴申领")],
             "您已年满 80 周岁，可申领高龄老人津贴。"),
        rule("TS-TX", "退休后", "retire", concluded("职工退休（基本养老金）申领"), [item("异地就医备案"), item("老年人优待证")],
             "您的退休申请已办结。", conditions=[{"ageAtLeast": 60}]),
        rule("TS-HKZX", "户口注销（死亡）后", "afterlife", concluded("户口注销（死亡）"), [item("殡葬补贴申领"), item("遗属待遇申领")],
             "逝者户口注销已办结，家属可申领以下待遇。"),
        rule("TS-CJR", "残疾人证核发后", "care", concluded("残疾人证核发"),
             [item("困难残疾人生活补贴申请"), item("残疾人两项补贴（重度残疾人护理补贴）申请")], "您的残疾人证已核发。"),
        rule("TS-JZZ", "居住证办结后", "school", concluded("居住证"), [item("义务教育阶段新生入学申请")],
             "持居住证的随迁子女可申请本区义务教育阶段学位。"),
        rule("TS-SYDJ2", "失业登记后", "work", concluded("失业登记"), [item("失业保险金申领"), item("就业困难人员认定")],
             "您的失业登记已办结。"),
        rule("TS-YYZZ", "营业执照核发后", "open", {"on": "licence-issued", "licenceType": "SCJG01"},
             [item("新办纳税人涉税事项"), item("单位社会保险参保登记"), item("住房公积金单位缴存登记"), item("新办企业首套印章免费刻制")],
             "您的营业执照已核发，开业前还需办理以下事项。"),
        rule("TS-SPJY", "食品经营许可核发后", "operate", {"on": "licence-issued", "licenceType": "SCJG02"},
             [item("餐饮服务食品安全等级评定")], "您的食品经营许可证已核发，可申请餐饮服务食品安全等级评定。"),
        rule("TS-QYZX", "清税后", "close", concluded("注销税务登记（清税证明）"), [{"theme": "YJS005"}],
             "清税已办结，企业注销可按一件事一次办理。"),
        # A licence about to expire and a base record that changed (issue 17 §3's other events).
        rule("TS-JZZDQ", "居住证到期前", "home", {"on": "licence-expiring", "licenceType": "GAHZ01", "days": 30}, [item("居住证")],
             "您的居住证将于 30 天后到期，请在到期前办理签注或重新申领。", deadline=30),
        rule("TS-JZDZ", "居住地址变更后", "home", {"on": "record-changed", "field": "residenceAddress"},
             [item("居住证"), item("义务教育阶段新生入学申请")],
             "您的居住地址已变更：新市民可按新地址办理居住证，随迁子女可按新地址申请义务教育学位。"),
    ]
