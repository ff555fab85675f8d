/// How a material came into the vault (issue 16 §2).
public enum VaultSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// Received at a window: the clerk saw the original (B) or took a copy (C).
    case window
    /// Uploaded with an online application: the original still to be seen (C).
    case online
    /// The result of a case the platform concluded (a permit, a certificate that is not an
    /// electronic licence): made by the department itself (B).
    case platform

    public var label: String {
        switch self {
        case .window: "窗口收取"
        case .online: "网上上传"
        case .platform: "办理结果"
        }
    }
}

/// One material a holder handed in, kept once for them (材料库): its type, how it was checked,
/// until when it may be given again, and the case it came with (whose files hold the scans).
public struct VaultEntry: Sendable, Hashable, Codable {
    public var id: Int64
    /// The holder's record key (`resident-id:…`, `uscc:…`).
    public var holder: String
    /// The material type's code (``MaterialCatalog``).
    public var type: String
    /// The checklist's own wording of it.
    public var title: String
    public var grade: MaterialGrade
    public var source: VaultSource
    public var receivedOn: CivilDate
    /// The last day it may be given by reference; nil: no end of its own.
    public var validUntil: CivilDate?
    public var caseNumber: String
    public var materialIndex: Int

    public init(id: Int64 = 0, holder: String, type: String, title: String, grade: MaterialGrade, source: VaultSource, receivedOn: CivilDate,
                validUntil: CivilDate?, caseNumber: String, materialIndex: Int) {
        self.id = id
        self.holder = holder
        self.type = type
        self.title = title
        self.grade = grade
        self.source = source
        self.receivedOn = receivedOn
        self.validUntil = validUntil
        self.caseNumber = caseNumber
        self.materialIndex = materialIndex
    }
}

extension HeldMaterial {
    /// What a holder's licences (those usable on `today`) and vault entries offer.
    public static func of(licences: [LicenceRecord], vault: [VaultEntry], today: CivilDate) -> [HeldMaterial] {
        licences.compactMap { licence($0, today: today) } + vault.map(HeldMaterial.vault)
    }

    /// A vault entry as a held material: the grade it was checked at, usable until its end.
    public static func vault(_ entry: VaultEntry) -> HeldMaterial {
        let name = MaterialCatalog.standard.first { $0.code == entry.type }?.name ?? entry.title
        return HeldMaterial(type: entry.type, source: .vault, grade: entry.grade, reference: entry.caseNumber,
                            label: "\(name)（\(entry.receivedOn.chinese)\(entry.source.label)，办件 \(entry.caseNumber)）",
                            validUntil: entry.validUntil)
    }
}

/// What goes into the vault when a case is accepted (pure).
public enum VaultDeposits {
    /// The received materials of `record` that are catalogue types of the applicant's own, each
    /// once per type: seen in the original at a window (at intake, or when an online applicant
    /// brought it) → B, a copy or an upload only → C.
    /// Materials given by reference are not deposited again, nor types made for one matter.
    public static func of(_ record: CaseRecord) -> [VaultEntry] {
        guard record.state != .correction && record.state != .notAccepted else { return [] }
        let holderKind: LicenceHolderKind = if case .person = record.applicant { .person } else { .enterprise }
        var seen: Set<String> = []
        var entries: [VaultEntry] = []
        for (index, material) in record.materials.enumerated() where material.received && material.reused == nil {
            guard let classified = MaterialCatalog.classify(material.name), MaterialReusing.ownWords.contains(classified.whose),
                  classified.type.holder == holderKind, classified.type.reuseDays != 0, !seen.contains(classified.type.code) else { continue }
            seen.insert(classified.type.code)
            let online = record.application != nil
            let on = material.receivedOn ?? record.receivedOn
            entries.append(VaultEntry(
                holder: record.applicant.key, type: classified.type.code, title: material.name,
                grade: material.original && !material.electronic ? .b : .c, source: online ? .online : .window, receivedOn: on,
                validUntil: classified.type.reuseDays.map { on.adding(days: $0 - 1) }, caseNumber: record.number.rawValue, materialIndex: index
            ))
        }
        return entries
    }

    /// What a step adds to the vault: the materials of `after` received by it that `before` had
    /// not (补正, 容缺 materials handed in later; all of them when a corrected case is accepted).
    public static func received(before: CaseRecord, after: CaseRecord) -> [VaultEntry] {
        let kept = Set(of(before).map(\.type))
        return of(after).filter { !kept.contains($0.type) }
    }

    /// The result of a case concluded with 准予 on `today`, when it is a catalogue type of the
    /// applicant's (a 营业执照, a 结婚证 …) that is not issued as an electronic licence — that one
    /// is its own, better, grade A.
    public static func result(_ record: CaseRecord, result: ItemResult, today: CivilDate) -> VaultEntry? {
        guard record.state == .concluded, record.decision?.granted == true, let classified = MaterialCatalog.classify(result.name),
              classified.type.reuseDays != 0, result.licenceType == nil || classified.type.licenceType != result.licenceType else { return nil }
        let holderKind: LicenceHolderKind = if case .person = record.applicant { .person } else { .enterprise }
        guard classified.type.holder == holderKind else { return nil }
        return VaultEntry(holder: record.applicant.key, type: classified.type.code, title: result.name, grade: .b, source: .platform, receivedOn: today,
                          validUntil: classified.type.reuseDays.map { today.adding(days: $0 - 1) }, caseNumber: record.number.rawValue, materialIndex: -1)
    }
}
