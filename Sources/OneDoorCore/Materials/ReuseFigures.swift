/// What reuse saves on a checklist (issue 16 §2 figures): the materials a first-time applicant
/// brings, and those a returning one still brings once what they handed in before (kept in the
/// vault, or issued to them as a licence) is given by reference. Pure, from the catalogue.
public struct ReuseFigure: Sendable, Hashable {
    public var item: ItemCode
    public var before: Int
    public var after: Int
    /// The checklist lines a returning applicant no longer brings.
    public var spared: [String]
}

public enum ReuseFigures {
    /// A checklist line a returning applicant of `holder` kind need not bring again: a catalogue
    /// type of their own, of the applicant's kind, that is reusable at all (not one made for one
    /// matter, like a power of attorney).
    public static func spares(_ material: Material, holder: LicenceHolderKind) -> Bool {
        guard let classified = MaterialCatalog.classify(material.name), MaterialReusing.ownWords.contains(classified.whose) else { return false }
        return classified.type.holder == holder && classified.type.reuseDays != 0
    }

    /// The figure of one item for its usual applicant: an enterprise for items whose checklist
    /// asks for a 营业执照 of its own, a person otherwise.
    public static func figure(_ item: ServiceItem) -> ReuseFigure { figure(item.code, materials: item.guide.materials) }

    public static func figure(_ code: ItemCode, materials: [Material]) -> ReuseFigure {
        let enterprise = materials.contains { MaterialCatalog.classify($0.name).map { $0.type.holder == .enterprise && MaterialReusing.ownWords.contains($0.whose) } ?? false }
        let spared = materials.filter { spares($0, holder: enterprise ? .enterprise : .person) }.map(\.name)
        return ReuseFigure(item: code, before: materials.count, after: materials.count - spared.count, spared: spared)
    }

    /// The catalogue's totals: items, those where reuse spares at least one material, and the
    /// materials asked before and after over all items.
    public static func summary(_ figures: [ReuseFigure]) -> (items: Int, reduced: Int, before: Int, after: Int) {
        return (figures.count, figures.filter { $0.after < $0.before }.count, figures.reduce(0) { $0 + $1.before }, figures.reduce(0) { $0 + $1.after })
    }
}
