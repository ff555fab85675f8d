/// A kind of material that many items ask for (材料目录, issue 16 §2): 居民身份证, 户口簿, 营业执照,
/// 结婚证 … Items keep their own wording ("申请人居民身份证", "公司营业执照复印件"); the catalogue
/// says which type a material is, so a material the holder already has can be offered again.
public struct StandardMaterial: Sendable, Hashable {
    public var code: String
    public var name: String
    /// Endings of the materials' names that are this type ("居民身份证", "身份证").
    public var endings: [String]
    public var holder: LicenceHolderKind
    /// The licence type that is this material when issued electronically (营业执照 → SCJG01).
    public var licenceType: String?
    /// How many days a copy checked at a window may be given again by reference: nil while the
    /// paper itself stays true (an ID card, a marriage certificate), a year for what describes a
    /// state that changes (户口簿, a lease), 0 for what is made for one matter (授权委托书).
    public var reuseDays: Int?

    public init(code: String, name: String, endings: [String], holder: LicenceHolderKind, licenceType: String? = nil, reuseDays: Int? = nil) {
        self.reuseDays = reuseDays
        self.code = code
        self.name = name
        self.endings = endings
        self.holder = holder
        self.licenceType = licenceType
    }
}

/// A material of an item's checklist read against the catalogue: its type, and whose it is as
/// the item words it ("申请人", "法定代表人", "夫妻双方"; empty: the applicant's own).
public struct ClassifiedMaterial: Sendable, Hashable {
    public var type: StandardMaterial
    public var whose: String
}

/// The catalogue of material types (issue 16 §2) and the rule that reads an item's material
/// against it. A name is a type when, with "复印件" or "原件" taken off its end, it ends with one
/// of the type's endings and names one thing: "儿童出生医学证明或户口簿", "车辆行驶证及车辆照片" and
/// "残疾人证申请表" are the item's own materials, not 出生医学证明, 行驶证 or 残疾人证.
public enum MaterialCatalog {
    public static let standard: [StandardMaterial] = [
        StandardMaterial(code: "ID-CARD", name: "居民身份证", endings: ["居民身份证", "身份证"], holder: .person),
        StandardMaterial(code: "HUKOU", name: "居民户口簿", endings: ["户口簿", "户口本"], holder: .person, reuseDays: 365),
        StandardMaterial(code: "BIZ-LICENCE", name: "营业执照", endings: ["营业执照"], holder: .enterprise, licenceType: "SCJG01"),
        StandardMaterial(code: "MARRIAGE", name: "结婚证", endings: ["结婚证"], holder: .person, licenceType: "MZJ02"),
        StandardMaterial(code: "DIVORCE", name: "离婚证", endings: ["离婚证"], holder: .person),
        StandardMaterial(code: "PROPERTY", name: "不动产权证书", endings: ["不动产权证书", "房屋所有权证", "房产证"], holder: .person),
        StandardMaterial(code: "VEHICLE", name: "机动车行驶证", endings: ["行驶证"], holder: .person),
        StandardMaterial(code: "DRIVING", name: "机动车驾驶证", endings: ["驾驶证"], holder: .person),
        StandardMaterial(code: "PHOTO", name: "证件照片", endings: ["免冠彩色照片", "免冠照片", "白底彩色照片", "证件照片"], holder: .person, reuseDays: 180),
        StandardMaterial(code: "BIRTH", name: "出生医学证明", endings: ["出生医学证明"], holder: .person),
        StandardMaterial(code: "DEATH", name: "居民死亡医学证明（推断）书", endings: ["死亡医学证明（推断）书", "死亡医学证明"], holder: .person),
        StandardMaterial(code: "SOCIAL-CARD", name: "社会保障卡", endings: ["社会保障卡"], holder: .person),
        StandardMaterial(code: "PASSPORT", name: "护照", endings: ["护照"], holder: .person),
        StandardMaterial(code: "HK-MACAO-PERMIT", name: "港澳居民来往内地通行证", endings: ["港澳居民来往内地通行证"], holder: .person),
        StandardMaterial(code: "FOOD-LICENCE", name: "食品经营许可证", endings: ["食品经营许可证"], holder: .enterprise, licenceType: "SCJG02"),
        StandardMaterial(code: "MEDICAL-LICENCE", name: "医疗机构执业许可证", endings: ["医疗机构执业许可证"], holder: .enterprise),
        StandardMaterial(code: "DISABILITY", name: "残疾人证", endings: ["残疾人证"], holder: .person, licenceType: "CLH01"),
        StandardMaterial(code: "LEASE", name: "租赁合同", endings: ["租赁合同"], holder: .enterprise, reuseDays: 365),
        StandardMaterial(code: "PREMISES", name: "场所使用证明", endings: ["住所使用证明", "场所使用证明", "场所使用权证明"], holder: .enterprise, reuseDays: 365),
        StandardMaterial(code: "ARTICLES", name: "公司章程", endings: ["公司章程"], holder: .enterprise),
        StandardMaterial(code: "CAPITAL", name: "验资报告", endings: ["验资报告", "验资证明"], holder: .enterprise, reuseDays: 365),
        StandardMaterial(code: "POWER-OF-ATTORNEY", name: "授权委托书", endings: ["授权委托书", "委托书"], holder: .person, reuseDays: 0),
    ]

    /// Words that join two materials in one checklist line.
    static let joiners = ["或", "及", "、", "和", "与", "，", ","]

    /// The type `name` is, with whose it is; nil for the item's own material.
    public static func classify(_ name: String, in types: [StandardMaterial] = standard) -> ClassifiedMaterial? {
        var text = name.trimmingWhitespace()
        for tail in ["复印件", "原件"] where text.hasSuffix(tail) { text = String(text.dropLast(tail.count)) }
        // The country's name has a 和 in it that joins nothing.
        if text.hasPrefix("中华人民共和国") { text = String(text.dropFirst("中华人民共和国".count)) }
        guard !joiners.contains(where: { text.contains($0) }) else { return nil }
        // The longest ending that fits, so "居民身份证" wins over "身份证".
        var best: (StandardMaterial, String)?
        for type in types {
            for ending in type.endings where text.hasSuffix(ending) && ending.count > (best?.1.count ?? 0) { best = (type, ending) }
        }
        guard let (type, ending) = best else { return nil }
        var whose = String(text.dropLast(ending.count))
        // Words that say nothing about whose it is.
        for filler in ["近期一寸", "近期二寸半身", "近期二寸", "近期", "原", "有效", "居民"] where whose.hasSuffix(filler) || whose == filler {
            whose = String(whose.dropLast(filler.count))
        }
        return ClassifiedMaterial(type: type, whose: whose)
    }
}
