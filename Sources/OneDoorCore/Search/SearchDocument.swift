/// The searchable text of one item: what people type to find it.
public struct SearchDocument: Sendable, Hashable {
    public var code: ItemCode
    public var name: String
    public var aliases: [String]
    public var tags: [String]
    public var departmentName: String
    public var materialNames: [String]

    public init(code: ItemCode, name: String, aliases: [String] = [], tags: [String] = [], departmentName: String = "", materialNames: [String] = []) {
        self.code = code
        self.name = name
        self.aliases = aliases
        self.tags = tags
        self.departmentName = departmentName
        self.materialNames = materialNames
    }

    public init(guide: ServiceGuide, departmentName: String) {
        self.init(
            code: ItemCode(rawValue: guide.implementationCode), name: guide.name, aliases: guide.aliases, tags: guide.tags,
            departmentName: departmentName, materialNames: guide.materials.map(\.name)
        )
    }
}

/// Why an item matched, best first; the order of cases is the ranking.
public enum MatchKind: Int, Sendable, Comparable, CaseIterable {
    case exactName, namePrefix, nameContains, exactAlias, aliasContains, tag, department, material, initialsPrefix, initialsContains,
         spellingPrefix, spellingContains

    public static func < (lhs: MatchKind, rhs: MatchKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One search result.
public struct SearchHit: Sendable, Hashable {
    public var code: ItemCode
    public var kind: MatchKind
}
