/// One line of a theme's merged material list (issue 17 §1): a paper asked once for the whole
/// theme, with the items that would each have asked for it.
public struct ThemeMaterial: Sendable, Hashable {
    /// What makes two checklist lines one line here (``ThemeMaterials/key(of:)``).
    public var key: String
    /// The first checklist's wording.
    public var name: String
    /// The catalogue type (an ID card, a 营业执照 …) when the paper is the applicant's own of a
    /// known type: those are asked once whatever each checklist calls them.
    public var type: String?
    /// The items whose checklists ask for it, in the theme's order.
    public var items: [ItemCode]
    /// Required by at least one of them (else every one marks it optional or conditional).
    public var required: Bool
    /// Not required by any, but 容缺 (to be handed in later by a date) for one of them.
    public var deferrable: Bool
    /// When one of the theme's items produces the paper (the 营业执照 of 企业设立登记), the items
    /// that wait for it receive it from there: it is never asked of the applicant for them.
    public var producedBy: ItemCode?
    /// Items that would have asked for it but receive it from `producedBy` instead.
    public var passedTo: [ItemCode]

    /// Whether the applicant brings it (some item that does not wait for its producer asks).
    public var asked: Bool { !items.isEmpty }
}

public enum ThemeMaterials {
    /// The theme's one material list, in the order the items ask: each catalogue type of the
    /// applicant's own once, each item-specific name once; a paper the theme itself produces is
    /// dropped from the items that wait for its producer (directly or along the chain).
    /// Lines left with no item asking (only passed on) are kept at the end, so the page can say
    /// what flows from item to item.
    public static func merged(_ selected: [ThemeItem], guides: [ItemCode: ServiceGuide]) -> [ThemeMaterial] {
        var producers: [String: ItemCode] = [:]
        for entry in selected {
            if let guide = guides[entry.item], let type = ThemeFigures.producedType(guide.result), producers[type] == nil {
                producers[type] = entry.item
            }
        }
        let waits = Dictionary(selected.map { ($0.item, $0.after) }, uniquingKeysWith: { a, _ in a })
        func waitsFor(_ item: ItemCode, _ producer: ItemCode) -> Bool {
            var seen: Set<ItemCode> = [], stack = waits[item] ?? []
            while let next = stack.popLast() {
                if next == producer { return true }
                if seen.insert(next).inserted { stack += waits[next] ?? [] }
            }
            return false
        }
        var lines: [ThemeMaterial] = [], index: [String: Int] = [:]
        for entry in selected {
            guard let guide = guides[entry.item] else { continue }
            for material in guide.materials {
                let classified = own(material.name)
                let key = classified.map { "type:" + $0.type.code } ?? "name:" + material.name
                let producer = classified.flatMap { producers[$0.type.code] }.flatMap { waitsFor(entry.item, $0) ? $0 : nil }
                let at: Int
                if let known = index[key] {
                    at = known
                } else {
                    at = lines.count
                    index[key] = at
                    lines.append(ThemeMaterial(key: key, name: material.name, type: classified?.type.code, items: [], required: false, deferrable: false,
                                               producedBy: classified.flatMap { producers[$0.type.code] }, passedTo: []))
                }
                if producer != nil {
                    if !lines[at].passedTo.contains(entry.item) { lines[at].passedTo.append(entry.item) }
                } else {
                    if !lines[at].items.contains(entry.item) { lines[at].items.append(entry.item) }
                    if material.necessity == .required { lines[at].required = true }
                    if material.necessity == .deferrable { lines[at].deferrable = true }
                }
            }
        }
        return lines.filter(\.asked) + lines.filter { !$0.asked }
    }

    /// The line a checklist's material belongs to: its catalogue type when it is the
    /// applicant's own paper of a known type, else its name.
    public static func key(of materialName: String) -> String {
        own(materialName).map { "type:" + $0.type.code } ?? "name:" + materialName
    }

    private static func own(_ name: String) -> ClassifiedMaterial? {
        MaterialCatalog.classify(name).flatMap { MaterialReusing.ownWords.contains($0.whose) ? $0 : nil }
    }
}
