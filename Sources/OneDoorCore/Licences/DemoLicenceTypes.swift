/// The demo district's licence types (issue 16 §3: at least ten). The national type codes are
/// not in our sources, so the codes here are the issuing department's code and a number — data,
/// replaced by a deployment's own catalogue, never relied on by the rules.
public enum DemoLicenceTypes {
    static func f(_ key: String, _ label: String, required: Bool = true) -> FaceField { FaceField(key, label, required: required) }

    public static let all: [LicenceType] = [
        LicenceType(code: "SCJG01", name: "营业执照", department: "SCJG", holder: .enterprise, fields: [
            f("name", "名称"), f("type", "类型"), f("legalRepresentative", "法定代表人"), f("capital", "注册资本"),
            f("established", "成立日期"), f("address", "住所"), f("scope", "经营范围"),
        ], validYears: nil),
        LicenceType(code: "SCJG02", name: "食品经营许可证", department: "SCJG", holder: .enterprise, fields: [
            f("operator", "经营者名称"), f("legalRepresentative", "法定代表人（负责人）"), f("address", "经营场所"),
            f("mainBusiness", "主体业态"), f("items", "经营项目"),
        ], validYears: 5),
        LicenceType(code: "WJJ01", name: "公共场所卫生许可证", department: "WJJ", holder: .enterprise, fields: [
            f("unit", "单位名称"), f("legalRepresentative", "法定代表人"), f("address", "地址"), f("items", "许可项目"),
        ], validYears: 4),
        LicenceType(code: "WJJ02", name: "老年人优待证", department: "WJJ", holder: .person, fields: [
            f("name", "姓名"), f("gender", "性别"), f("birthDate", "出生日期"), f("address", "住址"),
        ], validYears: nil),
        LicenceType(code: "GAHZ01", name: "居住证", department: "GAHZ", holder: .person, fields: [
            f("name", "姓名"), f("gender", "性别"), f("residence", "居住地址"), f("household", "户籍地址"),
        ], validYears: 1),
        LicenceType(code: "MZJ02", name: "结婚证", department: "MZJ", holder: .person, fields: [
            f("holder", "持证人"), f("spouse", "配偶"), f("registeredOn", "登记日期"), f("number", "结婚证字号"),
        ], validYears: nil),
        LicenceType(code: "CLH01", name: "残疾人证", department: "CLH", holder: .person, fields: [
            f("name", "姓名"), f("category", "残疾类别"), f("grade", "残疾等级"), f("guardian", "监护人", required: false),
        ], validYears: 10),
        LicenceType(code: "RSJ01", name: "就业创业证", department: "RSJ", holder: .person, fields: [
            f("name", "姓名"), f("status", "就业状态"), f("registeredAt", "登记机构"),
        ], validYears: nil),
        LicenceType(code: "XFJY01", name: "公众聚集场所投入使用、营业前消防安全检查合格证", department: "XFJY", holder: .enterprise, fields: [
            f("unit", "单位名称"), f("address", "场所地址"), f("area", "使用面积"), f("use", "使用性质"),
        ], validYears: nil),
        LicenceType(code: "WGLT01", name: "娱乐经营许可证", department: "WGLT", holder: .enterprise, fields: [
            f("unit", "单位名称"), f("legalRepresentative", "法定代表人"), f("address", "经营场所"), f("scope", "经营范围"),
        ], validYears: 2),
        LicenceType(code: "JTJ01", name: "道路运输经营许可证", department: "JTJ", holder: .enterprise, fields: [
            f("operator", "业户名称"), f("address", "地址"), f("scope", "经营范围"),
        ], validYears: 4),
    ]
}

/// The licence types in force, by code.
public enum LicenceTypes {
    static let byCode = Dictionary(uniqueKeysWithValues: DemoLicenceTypes.all.map { ($0.code, $0) })

    public static func find(_ code: String) -> LicenceType? { byCode[code] }
}
