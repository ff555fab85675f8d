"""一件事 themes of the demo district (issue 17 §1): Chancheng and Guangdong practice, over the
demo items by name. Each theme's promised days are its critical path with every item selected.
"""


def themes(byname):
    def code(n): return byname[n]["versions"][-1]["implementationCode"]

    def it(n, after=(), cond=None):
        x = {"item": code(n)}
        if after:
            x["after"] = [code(a) for a in after]
        if cond:
            x["condition"] = cond
        return x

    def yes(k): return {"question": k, "is": "yes"}
    def no(k): return {"question": k, "is": "no"}
    def above(k, v): return {"question": k, "above": v}
    def q(k, t, kind="yes-no"): return {"key": k, "text": t, "kind": kind}

    SIGN=q("sign","是否设置户外招牌、广告牌？")
    SETUP="企业设立登记"
    themes=[
     dict(code="YJS001",name="我要开餐馆",serves="enterprise",leadDepartment="SCJG",aliases=["开饭店","开饭馆","开餐厅","餐饮店开业"],
      summary="开一家餐馆要办的证照一次申请：营业执照办好后，食品经营许可、排水许可等由各部门同时办理，营业执照自动转给后续事项，全部办结后一次领取。",
      items=[it(SETUP),it("食品经营许可",[SETUP]),it("环境影响登记表备案"),it("城镇污水排入排水管网许可",[SETUP]),
             it("户外广告设置许可",[SETUP],yes("sign")),it("公众聚集场所投入使用、营业前消防安全检查",[SETUP],above("area",300))],
      questions=[SIGN,q("area","经营场所建筑面积（平方米）","number")]),
     dict(code="YJS002",name="我要开便利店",serves="enterprise",leadDepartment="SCJG",aliases=["开小卖部","开士多店","便利店开业"],
      summary="开便利店一次申请：只卖预包装食品的办备案，卖散装或现制食品的办食品经营许可；零售酒类同时备案。",
      items=[it(SETUP),it("食品经营许可",[SETUP],yes("bulk")),it("仅销售预包装食品备案",[SETUP],no("bulk")),
             it("酒类零售经营备案",[SETUP],yes("alcohol")),it("户外广告设置许可",[SETUP],yes("sign"))],
      questions=[q("bulk","是否销售散装食品或现制现售食品？"),q("alcohol","是否零售酒类？"),SIGN]),
     dict(code="YJS003",name="我要开药店",serves="enterprise",leadDepartment="SCJG",aliases=["开药房","零售药店开业"],
      summary="开零售药店一次申请：营业执照之后，药品零售企业许可与医疗器械经营备案同时办理；网上卖药的，许可办结后接着备案。",
      items=[it(SETUP),it("药品零售企业许可",[SETUP]),it("第二类医疗器械经营备案",[SETUP],yes("devices")),
             it("药品网络销售备案（零售）",["药品零售企业许可"],yes("online")),it("户外广告设置许可",[SETUP],yes("sign"))],
      questions=[q("devices","是否同时经营第二类医疗器械？"),q("online","是否通过网络销售药品？"),SIGN]),
     dict(code="YJS004",name="企业开办",serves="enterprise",leadDepartment="SCJG",aliases=["开公司","注册公司","新办企业"],
      summary="名称申报、设立登记、公章刻制、涉税事项、社保和公积金登记一次办完，营业执照一发出，其余事项同时办结。",
      items=[it("企业名称自主申报"),it(SETUP,["企业名称自主申报"]),it("新办企业首套印章免费刻制",[SETUP]),it("新办纳税人涉税事项",[SETUP]),
             it("增值税一般纳税人登记",["新办纳税人涉税事项"],yes("vat")),it("单位社会保险参保登记",[SETUP]),it("住房公积金单位缴存登记",[SETUP])],
      questions=[q("vat","是否登记为增值税一般纳税人？")]),
     dict(code="YJS005",name="企业注销",serves="enterprise",leadDepartment="SCJG",aliases=["公司注销","注销公司","关闭公司"],
      summary="清税和社保注销同时办理，两项办结后办理注销登记，一次申请、一次办结。",
      items=[it("注销税务登记（清税证明）"),it("单位社会保险注销登记"),it("企业注销登记",["注销税务登记（清税证明）","单位社会保险注销登记"])],
      questions=[]),
     dict(code="YJS006",name="新生儿出生",serves="person",leadDepartment="WJJ",aliases=["宝宝出生","出生一件事","新生儿入户"],
      summary="宝宝出生后，出生医学证明、户口登记、医保参保和社保卡一次申请；出生医学证明办好后自动用于户口登记。",
      items=[it("出生医学证明首次签发"),it("出生登记",["出生医学证明首次签发"]),it("基本医疗保险参保登记",["出生登记"]),
             it("社会保障卡申领",["出生登记"]),it("生育津贴申领",[],yes("insured")),it("生育医疗费用报销",[],yes("insured"))],
      questions=[q("insured","母亲是否参加职工生育保险？")]),
     dict(code="YJS007",name="结婚",serves="person",leadDepartment="MZJ",aliases=["结婚一件事","领结婚证"],
      summary="结婚登记时一并申请户口迁移和生育登记，结婚证自动用于后续事项。",
      items=[it("结婚登记"),it("户口迁移（准予迁入）",["结婚登记"],yes("move")),it("生育登记",["结婚登记"],yes("birth"))],
      questions=[q("move","是否将户口迁入配偶户籍所在地？"),q("birth","是否同时办理生育登记？")]),
     dict(code="YJS008",name="退休",serves="person",leadDepartment="SBJ",aliases=["办退休","退休一件事","领养老金"],
      summary="退休申领养老金时，外地参保关系转入、异地就医备案和老年人优待证一次申请。",
      items=[it("职工基本养老保险关系转移接续",[],yes("transfer")),it("职工退休（基本养老金）申领",["职工基本养老保险关系转移接续"]),
             it("异地就医备案",["职工退休（基本养老金）申领"],yes("away")),it("老年人优待证",[],above("age",59))],
      questions=[q("transfer","是否有外省市的养老保险参保经历需要转入？"),q("away","退休后是否长期在外地居住？"),q("age","年龄（周岁）","number")]),
     dict(code="YJS009",name="新市民居住",serves="person",leadDepartment="GAHZ",aliases=["来禅城居住","新市民","外来务工"],
      summary="来禅城居住、就业，居住证与社保参保、公积金租房提取和子女入学一次申请；居住证办好后用于子女入学。",
      items=[it("居住证"),it("灵活就业人员参保登记",[],yes("flexible")),it("住房公积金提取（租房）",[],yes("rent")),
             it("义务教育阶段新生入学申请",["居住证"],yes("school"))],
      questions=[q("flexible","是否以灵活就业人员身份参加社保？"),q("rent","是否租房居住并缴存住房公积金？"),q("school","是否有适龄子女需要入学？")]),
     dict(code="YJS010",name="老年人优待",serves="person",leadDepartment="MZJ",aliases=["老人优待","敬老","长者服务"],
      summary="年满 60 周岁办理老年人优待证，高龄津贴、居家养老服务补贴和长期护理保险待遇一次申请。",
      items=[it("老年人优待证"),it("高龄老人津贴申领",[],above("age",79)),it("老年人居家养老服务补贴申请",[],yes("home")),
             it("长期护理保险待遇申请",[],yes("care"))],
      questions=[q("age","年龄（周岁）","number"),q("home","是否需要居家养老服务？"),q("care","是否失能、需要长期护理？")]),
     dict(code="YJS011",name="残疾人服务",serves="person",leadDepartment="CLH",aliases=["残疾人一件事","办残疾证"],
      summary="残疾人证核发后，困难残疾人生活补贴和重度残疾人护理补贴随即办理，残疾人证自动用于补贴申请。",
      items=[it("残疾人证核发"),it("困难残疾人生活补贴申请",["残疾人证核发"],yes("poor")),
             it("残疾人两项补贴（重度残疾人护理补贴）申请",["残疾人证核发"],yes("severe"))],
      questions=[q("poor","是否为低保或低收入家庭？"),q("severe","是否为一级、二级重度残疾？")]),
     dict(code="YJS012",name="身后事",serves="person",leadDepartment="MZJ",aliases=["身后一件事","去世","死亡"],
      summary="亲人去世后，户口注销、殡葬补贴和遗属待遇一次申请，不用在各部门之间来回跑。",
      items=[it("居民死亡医学证明（推断）书补办",[],yes("lost")),it("户口注销（死亡）",["居民死亡医学证明（推断）书补办"]),
             it("殡葬补贴申领",["户口注销（死亡）"]),it("遗属待遇申领",["户口注销（死亡）"],yes("pension"))],
      questions=[q("lost","死亡医学证明是否遗失需要补办？"),q("pension","逝者生前是否参加职工基本养老保险？")]),
     dict(code="YJS013", name="二手房买卖", serves="person", leadDepartment="BDC", aliases=["二手房过户", "买卖二手房", "房屋过户"],
      summary="二手房交易资金监管、不动产转移登记和按揭的抵押登记一次申请；资金监管办好后各部门接续办理，登记费在窗口统一缴纳。",
      items=[it("存量房交易资金监管"), it("不动产转移登记（二手房买卖）", ["存量房交易资金监管"]),
             it("抵押权首次登记", ["不动产转移登记（二手房买卖）"], yes("loan"))],
      questions=[q("loan", "是否办理按揭贷款？")]),
    ]

    days = {i["versions"][-1]["implementationCode"]: i["versions"][-1]["promisedLimit"]["days"] for i in byname.values()}
    for t in themes:
        after = {x["item"]: x.get("after", []) for x in t["items"]}
        memo = {}

        def end(c):
            if c not in memo:
                memo[c] = days[c] + max([end(a) for a in after[c]] + [0])
            return memo[c]
        t["promisedDays"] = max(end(x["item"]) for x in t["items"])
    return [{"status": "published", "publishedVersion": 1, "versions": [t]} for t in themes]
