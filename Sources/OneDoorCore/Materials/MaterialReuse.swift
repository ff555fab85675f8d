/// Where a material the holder already has comes from (issue 16 §2).
public enum HeldMaterialSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// An electronic licence in force: grade A.
    case licence
    /// The holder's identity as a clerk checked it against the ID card at a window (实名核验): grade B.
    case verifiedIdentity = "verified-identity"
    /// A paper received in an earlier case and kept in the vault: the grade it was checked at.
    case vault
}

/// A material the holder already has, offered instead of being asked for again.
public struct HeldMaterial: Sendable, Hashable, Codable {
    /// The material type's code (``MaterialCatalog``).
    public var type: String
    public var source: HeldMaterialSource
    public var grade: MaterialGrade
    /// The licence identifier, or the ID number (masked in answers) the identity was checked for.
    public var reference: String
    /// "营业执照（电子证照 1.2.156…）".
    public var label: String
    public var validUntil: CivilDate?

    public init(type: String, source: HeldMaterialSource, grade: MaterialGrade, reference: String, label: String, validUntil: CivilDate?) {
        self.type = type
        self.source = source
        self.grade = grade
        self.reference = reference
        self.label = label
        self.validUntil = validUntil
    }
}

extension HeldMaterial {
    /// A licence in the register as a held material: grade A of the material type it is, when it
    /// is usable on `today`; nil when it is not (revoked, suspended, superseded, expired) or no
    /// material type is that licence.
    public static func licence(_ record: LicenceRecord, today: CivilDate) -> HeldMaterial? {
        guard record.standing(today: today).usable,
              let type = MaterialCatalog.standard.first(where: { $0.licenceType == record.licence.typeCode }) else { return nil }
        return HeldMaterial(type: type.code, source: .licence, grade: .a, reference: record.licence.identifier,
                            label: "\(record.licence.typeName)（\(record.licence.holder.name)，电子证照 \(record.licence.identifier)）",
                            validUntil: record.licence.validUntil)
    }

    /// The account holder's resident ID card as a clerk checked it at a window: grade B.
    public static func verifiedIdentity(_ number: String) -> HeldMaterial {
        HeldMaterial(type: "ID-CARD", source: .verifiedIdentity, grade: .b, reference: number,
                     label: "居民身份证（已在窗口核验，\(ResidentID.masked(number))）", validUntil: nil)
    }
}

/// A checklist material the applicant chose to give by reference (已有，免提交), with when they
/// consented.
public struct MaterialReuse: Sendable, Hashable, Codable {
    public var materialIndex: Int
    public var material: String
    public var held: HeldMaterial
    public var consentedAt: Int64

    public init(materialIndex: Int, material: String, held: HeldMaterial, consentedAt: Int64) {
        self.materialIndex = materialIndex
        self.material = material
        self.held = held
        self.consentedAt = consentedAt
    }

    /// As the case's material and the reviewer see it.
    public var note: String { "已有材料免提交：\(held.label)（\(held.grade.rawValue) 级，申请人同意调用）" }
}

/// Which checklist materials a holder's held materials stand in for (pure).
public enum MaterialReusing {
    /// The grades a material may be reused at without checking an original again.
    public static let acceptable: Set<MaterialGrade> = [.a, .b]

    /// For each checklist line that names a catalogue type the applicant's side holds (valid on
    /// `today`, of an acceptable grade), the best held material; `whose` words that point at
    /// someone else (夫妻双方, 股东, 监护人…) are not offered.
    public static func offers(materials: [Material], held: [HeldMaterial], today: CivilDate) -> [Int: HeldMaterial] {
        var offers: [Int: HeldMaterial] = [:]
        for (index, material) in materials.enumerated() {
            guard let classified = MaterialCatalog.classify(material.name), ownWords.contains(classified.whose) else { continue }
            let usable = held.filter { $0.type == classified.type.code && acceptable.contains($0.grade) && ($0.validUntil.map { $0 >= today } ?? true) }
            if let best = usable.min(by: { $0.grade < $1.grade }) { offers[index] = best }
        }
        return offers
    }

    /// Words before a type's name that still mean the applicant's own (or, for an enterprise,
    /// its own or its legal representative's, whose identity the account holder is).
    static let ownWords: Set<String> = ["", "申请人", "申请人的", "本人", "经营者", "企业", "本企业", "单位", "申请单位", "法定代表人", "法定代表人的"]
}
