import OneDoorCore
import OneDoorServices
import Testing

/// Search in the citizen's words (issue 13 §2): what people type at the kiosk, on the phone or
/// at home — several words, whole sentences, everyday names, full pinyin — against the demo
/// district's 206 items. Each query lists the items that answer it; the goal is that at least
/// 95 % of the queries show one of them among the first three results.
@Suite struct EverydaySearchTests {
    static let queries: [(String, [String])] = [
        ("食品 许可", ["食品经营许可"]), ("营业执照办理", ["企业设立登记", "个体工商户登记"]), ("户口本丢了", ["户口簿补领、换领"]),
        ("jiehundengji", ["结婚登记"]), ("老人卡", ["老年人优待证"]),
        ("驾照", ["机动车驾驶证换证", "机动车驾驶证补证", "机动车驾驶证审验"]), ("身份证丢了", ["居民身份证换领、补领"]),
        ("补办身份证", ["居民身份证换领、补领"]), ("护照", ["普通护照签发"]), ("去香港", ["往来港澳通行证及签注"]),
        ("港澳通行证", ["往来港澳通行证及签注"]), ("办护照", ["普通护照签发"]), ("结婚", ["结婚登记"]), ("离婚", ["离婚登记"]),
        ("结婚证丢了", ["补领婚姻登记证"]), ("单身证明", ["婚姻登记记录证明"]),
        ("生孩子", ["生育登记", "出生登记", "生育医疗费用报销", "生育津贴申领"]), ("宝宝上户口", ["出生登记"]), ("新生儿入户", ["出生登记"]),
        ("准生证", ["生育登记"]), ("开公司", ["企业设立登记"]), ("注册公司", ["企业设立登记"]), ("公司注销", ["企业注销登记"]),
        ("开饭店", ["食品经营许可"]), ("开餐馆", ["食品经营许可"]), ("开奶茶店", ["食品经营许可"]), ("开药店", ["药品零售企业许可"]),
        ("开诊所", ["医疗机构执业登记"]), ("开网吧", ["互联网上网服务营业场所经营许可"]), ("开KTV", ["娱乐场所经营许可"]),
        ("开理发店", ["公共场所卫生许可"]), ("开宾馆", ["公共场所卫生许可", "旅馆业特种行业许可"]), ("开民宿", ["旅馆业特种行业许可"]),
        ("个体户", ["个体工商户登记"]), ("社保卡", ["社会保障卡申领"]), ("社保卡丢了", ["社会保障卡挂失、补换"]), ("医保卡", ["社会保障卡申领"]),
        ("公积金提取", ["住房公积金提取（租房）"]), ("提公积金", ["住房公积金提取（租房）"]), ("租房提取公积金", ["住房公积金提取（租房）"]),
        ("退休", ["职工退休（基本养老金）申领"]), ("办退休手续", ["职工退休（基本养老金）申领"]),
        ("养老金", ["职工退休（基本养老金）申领", "城乡居民养老保险待遇申领"]), ("失业金", ["失业保险金申领"]), ("领失业金", ["失业保险金申领"]),
        ("低保", ["最低生活保障申请"]), ("残疾证", ["残疾人证核发"]), ("无犯罪证明", ["无犯罪记录证明开具"]), ("良民证", ["无犯罪记录证明开具"]),
        ("改名字", ["姓名变更登记"]), ("迁户口", ["户口迁移（准予迁入）", "户口迁移（迁出）"]), ("落户", ["户口迁移（准予迁入）"]),
        ("居住证", ["居住证"]), ("暂住证", ["居住证"]), ("狗证", ["犬只登记"]), ("养狗", ["犬只登记"]), ("刻章", ["公章刻制备案", "新办企业首套印章免费刻制"]),
        ("车辆年检", ["机动车检验标志核发"]), ("新车上牌", ["机动车注册登记"]), ("二手车过户", ["机动车转移登记"]),
        ("违章", ["道路交通安全违法行为处理"]), ("交罚款", ["道路交通安全违法行为处理"]),
        ("房产证", ["国有建设用地使用权及房屋所有权首次登记", "不动产变更登记", "不动产登记资料查询"]),
        ("二手房过户", ["不动产转移登记（二手房买卖）"]), ("解押", ["抵押权注销登记"]), ("无房证明", ["不动产登记资料查询"]),
        ("教师资格证", ["教师资格认定"]), ("小一入学", ["义务教育阶段新生入学申请"]), ("孩子上学", ["义务教育阶段新生入学申请"]),
        ("劳动仲裁", ["劳动人事争议仲裁申请"]), ("讨薪", ["劳动人事争议仲裁申请"]), ("工伤", ["工伤认定申请"]), ("法律援助", ["法律援助申请"]),
        ("免费律师", ["法律援助申请"]), ("临时身份证", ["临时居民身份证"]), ("户口证明", ["户籍证明开具"]), ("纳税证明", ["个人纳税证明打印"]),
        ("个税证明", ["个人纳税证明打印"]), ("发票", ["新办纳税人涉税事项"]), ("年报", ["企业年度报告公示"]), ("施工许可证", ["建筑工程施工许可"]),
        ("消防验收", ["建设工程消防验收"]), ("环评", ["建设项目环境影响报告表审批", "环境影响登记表备案"]), ("排污许可证", ["排污许可"]),
        ("招牌", ["户外广告设置许可"]), ("砍树", ["城市树木砍伐、迁移审批"]), ("占道", ["占用、挖掘城市道路审批"]),
        ("装修垃圾", ["城市建筑垃圾处置核准"]), ("医师注册", ["医师执业注册"]), ("护士注册", ["护士执业注册"]), ("异地就医", ["异地就医备案"]),
        ("长护险", ["长期护理保险待遇申请"]), ("慢性病", ["门诊特定病种待遇认定"]), ("产假工资", ["生育津贴申领"]),
        ("丧葬费", ["遗属待遇申领", "殡葬补贴申领"]), ("高龄津贴", ["高龄老人津贴申领"]), ("长寿金", ["高龄老人津贴申领"]),
        ("宠物医院", ["动物诊疗许可"]), ("卖酒", ["酒类零售经营备案"]), ("烟花", ["烟花爆竹经营（零售）许可"]), ("开幼儿园", ["民办学校办学许可"]),
        ("退伍", ["退役士兵自主就业一次性经济补助金发放"]), ("shebaoka", ["社会保障卡申领"]), ("hzqf", ["普通护照签发"]),
        ("jszhz", ["机动车驾驶证换证"]), ("yingyezhizhao", ["企业设立登记", "个体工商户登记"]), ("身份证到期", ["居民身份证换领、补领"]),
        ("护照丢了", ["普通护照签发"]), ("驾照丢了", ["机动车驾驶证补证"]), ("怎么办营业执照", ["企业设立登记", "个体工商户登记"]),
        ("我要开店", ["个体工商户登记", "食品经营许可", "公共场所卫生许可"]),
        ("在哪里办社保卡", ["社会保障卡申领"]), ("营业执照", ["企业设立登记", "个体工商户登记"]), ("出生证明", ["出生医学证明补发"]),
        ("疫苗本", ["预防接种证补办"]), ("死亡证明", ["居民死亡医学证明（推断）书补办"]), ("火化", ["殡葬补贴申领"]), ("办残疾证", ["残疾人证核发"]),
        ("结婚登记需要什么材料", ["结婚登记"]), ("驾驶证过期了怎么办", ["机动车驾驶证换证"]), ("老年证怎么办理", ["老年人优待证"]),
        ("户口本 补办", ["户口簿补领、换领"]), ("公积金 租房", ["住房公积金提取（租房）"]), ("lihundengji", ["离婚登记"]),
        ("shenfenzheng", ["居民身份证换领、补领", "临时居民身份证", "居民身份证异地受理（跨省通办）"]), ("juzhuzheng", ["居住证"]),
    ]

    static func index() throws -> (CatalogSearchIndex, [ItemCode: String]) {
        let catalog = try DemoData.catalog()
        let departments = Dictionary(catalog.departments.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let guides = catalog.items.compactMap(\.versions.last)
        let index = CatalogSearchIndex(documents: guides.map { SearchDocument(guide: $0, departmentName: departments[$0.department] ?? "") },
                                       pinyin: PinyinInitials.bundled)
        return (index, Dictionary(guides.map { (ItemCode(rawValue: $0.implementationCode), $0.name) }, uniquingKeysWith: { a, _ in a }))
    }

    @Test func ninetyFivePercentFindAnExpectedItemInTheFirstThree() throws {
        #expect(Self.queries.count >= 100)
        let (index, names) = try Self.index()
        for (_, expected) in Self.queries {
            for name in expected { #expect(names.values.contains(name), "the demo catalogue has no “\(name)”") }
        }
        var misses: [String] = []
        for (query, expected) in Self.queries {
            let top = index.search(query).prefix(3).compactMap { names[$0.code] }
            if !top.contains(where: expected.contains) { misses.append("\(query) → \(top.joined(separator: "、"))") }
        }
        let rate = Double(Self.queries.count - misses.count) / Double(Self.queries.count)
        print("everyday search: \(Self.queries.count - misses.count)/\(Self.queries.count) = \(rate); misses: \(misses)")
        #expect(rate >= 0.95, "hit rate \(rate); misses: \(misses)")
    }

    /// How long a query takes in-process (a debug build here; `Benchmarks/` measures release).
    @Test func queriesStayFast() throws {
        let (index, _) = try Self.index()
        var durations: [Duration] = []
        for _ in 0..<20 {
            for (query, _) in Self.queries {
                let start = ContinuousClock.now
                _ = index.search(query)
                durations.append(ContinuousClock.now - start)
            }
        }
        durations.sort()
        let p99 = durations[durations.count * 99 / 100]
        print("everyday search p99 \(p99) over \(durations.count) queries")
        #expect(p99 < .milliseconds(20))
    }

    /// Nothing is found where nothing fits, and a query as typed still comes first.
    @Test func theCatalogueWordsComeFirstAndNonsenseFindsNothing() throws {
        let (index, names) = try Self.index()
        #expect(index.search("zzqqxx").isEmpty && index.search("的了吗").isEmpty)
        #expect(names[index.search("食品经营许可").first?.code ?? ""] == "食品经营许可")
    }
}
