/// A kind of electronic licence (电子证照类型, GB/T 36902): its name and type code, the department
/// that issues it, the face fields (照面信息) every licence of the type carries, and how long one
/// is valid. Items that end in a licence name its type (issue 16 §3).
public struct LicenceType: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    /// The issuing department, by code.
    public var department: DepartmentCode
    /// Whom it is issued to: a person (持证主体代码类型 111, 公民身份号码) or an enterprise (001, USCC).
    public var holder: LicenceHolderKind
    public var fields: [FaceField]
    /// Years it is valid from the day of issue; nil: until changed or revoked (长期).
    public var validYears: Int?

    public init(code: String, name: String, department: DepartmentCode, holder: LicenceHolderKind, fields: [FaceField], validYears: Int?) {
        self.code = code
        self.name = name
        self.department = department
        self.holder = holder
        self.fields = fields
        self.validYears = validYears
    }

    /// The last day a licence of this type issued on `issued` is valid; nil: 长期.
    public func validUntil(issuedOn issued: CivilDate) -> CivilDate? {
        guard let validYears else { return nil }
        // The day before the anniversary (a licence issued 2026-03-01 for five years is valid to
        // 2031-02-28); the anniversary of 29 February in a common year is 1 March.
        let year = issued.year + validYears
        guard let anniversary = CivilDate(year: year, month: issued.month, day: issued.day) ?? CivilDate(year: year, month: 3, day: 1) else { return nil }
        return CivilDate(dayNumber: anniversary.dayNumber - 1)
    }
}

/// Who a licence is issued to, with the code type GB/T 36903 gives them.
public enum LicenceHolderKind: String, Sendable, Hashable, Codable, CaseIterable {
    case person
    case enterprise

    /// 持证主体代码类型: 111 公民身份号码, 001 统一社会信用代码.
    public var codeType: String {
        switch self {
        case .person: "111"
        case .enterprise: "001"
        }
    }
}

/// One face field (照面项) of a licence type: its key, its label on the licence, and whether every
/// licence must have it.
public struct FaceField: Sendable, Hashable, Codable {
    public var key: String
    public var label: String
    public var required: Bool

    public init(_ key: String, _ label: String, required: Bool = true) {
        self.key = key
        self.label = label
        self.required = required
    }
}

/// How a material offered for reuse was checked (国办函〔2016〕108号, standards.md §7): the grade
/// decides whether an item may take it instead of asking for it again.
public enum MaterialGrade: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Issued by the platform with an electronic seal (an electronic licence): usable directly.
    case a = "A"
    /// Checked against the original by window staff.
    case b = "B"
    /// Uploaded by the holder; the original still to be checked.
    case c = "C"
    /// Prepared by the holder under a promise of truth (承诺).
    case d = "D"

    public var label: String {
        switch self {
        case .a: "A 级（电子证照，可直接使用）"
        case .b: "B 级（窗口已核验原件）"
        case .c: "C 级（本人上传，需核验原件）"
        case .d: "D 级（本人承诺）"
        }
    }

    /// A is best: `a < b` reads "a is better than b".
    public static func < (x: MaterialGrade, y: MaterialGrade) -> Bool { x.rawValue < y.rawValue }
}
