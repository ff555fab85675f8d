/// The national code lists the base records use (issue 16 §1). Each value is stored as its code;
/// labels are for pages. Codes from the standards named; [M] where our sources only state them
/// commonly — data, checked nowhere else.

/// 性别 (GB/T 2261.1-2003).
public enum Gender: String, Sendable, Hashable, Codable, CaseIterable {
    case unknown = "0", male = "1", female = "2", unstated = "9"

    public var label: String {
        switch self {
        case .unknown: "未知的性别"
        case .male: "男"
        case .female: "女"
        case .unstated: "未说明的性别"
        }
    }

    /// The gender a resident ID states (its 17th digit: odd male, even female); nil for a
    /// number that is not a valid resident ID.
    public static func from(residentID number: String) -> Gender? {
        let check = ResidentID.check(number)
        guard check.isValid, let gender = check.gender else { return nil }
        return gender == .male ? .male : .female
    }
}

/// 婚姻状况 (GB/T 2261.2-2003).
public enum MaritalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case unmarried = "10", married = "20", firstMarriage = "21", remarried = "22", reunited = "23", widowed = "30", divorced = "40",
         unstated = "90"

    public var label: String {
        switch self {
        case .unmarried: "未婚"
        case .married: "已婚"
        case .firstMarriage: "初婚"
        case .remarried: "再婚"
        case .reunited: "复婚"
        case .widowed: "丧偶"
        case .divorced: "离婚"
        case .unstated: "未说明的婚姻状况"
        }
    }
}

/// 政治面貌 (GB/T 4762-1984).
public enum PoliticalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case partyMember = "01", probationaryMember = "02", youthLeague = "03", revolutionaryCommittee = "04", democraticLeague = "05",
         nationalConstruction = "06", democraticProgress = "07", peasantsAndWorkers = "08", zhiGong = "09", jiuSan = "10",
         taiwanLeague = "11", nonParty = "12", masses = "13"

    public var label: String {
        switch self {
        case .partyMember: "中共党员"
        case .probationaryMember: "中共预备党员"
        case .youthLeague: "共青团员"
        case .revolutionaryCommittee: "民革会员"
        case .democraticLeague: "民盟盟员"
        case .nationalConstruction: "民建会员"
        case .democraticProgress: "民进会员"
        case .peasantsAndWorkers: "农工党党员"
        case .zhiGong: "致公党党员"
        case .jiuSan: "九三学社社员"
        case .taiwanLeague: "台盟盟员"
        case .nonParty: "无党派人士"
        case .masses: "群众"
        }
    }
}

/// 民族 (GB 3304-1991): the 56 nationalities by their two-digit codes, then 97 其他未识别民族 and
/// 98 外国血统中国籍人士.
public enum Ethnicity {
    public static let names: [String] = [
        "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族", "瑶族", "白族",
        "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族",
        "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族",
        "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
        "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
    ]

    /// The label of a code ("01" → 汉族); nil for a code the standard does not have.
    public static func label(_ code: String) -> String? {
        switch code {
        case "97": return "其他未识别民族"
        case "98": return "外国血统中国籍人士"
        default:
            guard code.count == 2, let n = Int(code), (1...names.count).contains(n) else { return nil }
            return names[n - 1]
        }
    }

    /// The code of a name ("汉族" or "汉" → "01").
    public static func code(_ name: String) -> String? {
        let trimmed = name.trimmingWhitespace()
        if trimmed == "其他未识别民族" { return "97" }
        if trimmed == "外国血统中国籍人士" { return "98" }
        guard let index = names.firstIndex(where: { $0 == trimmed || $0 == trimmed + "族" }) else { return nil }
        return (index < 9 ? "0" : "") + String(index + 1)
    }
}

/// 企业登记状态.
public enum EnterpriseStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active, cancelled, revoked

    public var label: String {
        switch self {
        case .active: "存续"
        case .cancelled: "注销"
        case .revoked: "吊销"
        }
    }
}
