/// An in-memory search index over the catalogue, rebuilt whenever the catalogue changes.
///
/// At catalogue size (thousands of items) this beats any database full-text search and gives
/// the same results on SQLite and PostgreSQL. Each document's text is kept as normalised UTF-8;
/// a posting list per Unicode scalar narrows a query to the documents containing all of its
/// characters, and only those are checked for the substring and ranked.
public struct CatalogSearchIndex: Sendable {
    private struct Entry: Sendable {
        var code: String
        var nameLength: Int
        var name: [UInt8]
        var aliases: [[UInt8]]
        var tags: [[UInt8]]
        var department: [UInt8]
        var materials: [[UInt8]]
        var initials: [UInt8]
    }

    private let entries: [Entry]
    private let postings: [UInt32: [Int32]]
    private let pinyin: PinyinInitials?

    public var count: Int { entries.count }

    public init(documents: [SearchDocument], pinyin: PinyinInitials? = nil) {
        self.pinyin = pinyin
        var entries: [Entry] = []
        entries.reserveCapacity(documents.count)
        var postings: [UInt32: [Int32]] = [:]
        for (i, doc) in documents.enumerated() {
            let initials = pinyin.map { Array($0.initials(of: doc.name).utf8) } ?? []
            let entry = Entry(
                code: doc.code,
                nameLength: doc.name.count,
                name: Self.normalize(doc.name),
                aliases: doc.aliases.map(Self.normalize),
                tags: doc.tags.map(Self.normalize),
                department: Self.normalize(doc.departmentName),
                materials: doc.materialNames.map(Self.normalize),
                initials: initials
            )
            var scalars = Set<UInt32>()
            for field in [entry.name, entry.department, entry.initials] + entry.aliases + entry.tags + entry.materials {
                for scalar in String(decoding: field, as: UTF8.self).unicodeScalars { scalars.insert(scalar.value) }
            }
            for scalar in scalars { postings[scalar, default: []].append(Int32(i)) }
            entries.append(entry)
        }
        self.entries = entries
        self.postings = postings
    }

    /// Items matching `query`, best first: exact name, name prefix, name substring, alias, tag,
    /// department, material name, then pinyin initials; ties go to the shorter name.
    /// An empty query returns nothing (listing is not searching).
    public func search(_ query: String) -> [SearchHit] {
        let needle = Self.normalize(query)
        guard !needle.isEmpty else { return [] }
        let candidates = candidates(for: needle)
        var hits: [(entry: Int, kind: MatchKind)] = []
        for i in candidates {
            if let kind = match(entries[Int(i)], needle) { hits.append((Int(i), kind)) }
        }
        hits.sort { a, b in
            if a.kind != b.kind { return a.kind < b.kind }
            let ea = entries[a.entry], eb = entries[b.entry]
            if ea.nameLength != eb.nameLength { return ea.nameLength < eb.nameLength }
            return ea.code < eb.code
        }
        return hits.map { SearchHit(code: entries[$0.entry].code, kind: $0.kind) }
    }

    /// Documents that contain every scalar of the needle: the intersection of their postings.
    private func candidates(for needle: [UInt8]) -> [Int32] {
        let scalars = Set(String(decoding: needle, as: UTF8.self).unicodeScalars.map(\.value))
        var lists: [[Int32]] = []
        for scalar in scalars {
            guard let list = postings[scalar] else { return [] }
            lists.append(list)
        }
        lists.sort { $0.count < $1.count }
        var result = lists[0]
        for list in lists.dropFirst() {
            result = Self.intersect(result, list)
            if result.isEmpty { break }
        }
        return result
    }

    private func match(_ e: Entry, _ needle: [UInt8]) -> MatchKind? {
        if e.name == needle { return .exactName }
        if e.name.starts(with: needle) { return .namePrefix }
        if Self.contains(e.name, needle) { return .nameContains }
        if e.aliases.contains(needle) { return .exactAlias }
        if e.aliases.contains(where: { Self.contains($0, needle) }) { return .aliasContains }
        if e.tags.contains(where: { Self.contains($0, needle) }) { return .tag }
        if Self.contains(e.department, needle) { return .department }
        if e.materials.contains(where: { Self.contains($0, needle) }) { return .material }
        if !e.initials.isEmpty {
            if e.initials.starts(with: needle) { return .initialsPrefix }
            if Self.contains(e.initials, needle) { return .initialsContains }
        }
        return nil
    }

    /// Lower-cases ASCII, folds full-width ASCII to half-width and drops white space, as UTF-8.
    /// UTF-8 is self-synchronising, so a byte-level substring match is a character-level one.
    static func normalize(_ text: String) -> [UInt8] {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value == 0x3000 || scalar.properties.isWhitespace { continue }
            if (0xFF01...0xFF5E).contains(value) { value -= 0xFEE0 }
            if (0x41...0x5A).contains(value) { value += 0x20 }
            scalars.append(Unicode.Scalar(value)!)
        }
        return Array(String(scalars).utf8)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        let n = needle.count, h = haystack.count
        if n > h { return false }
        let first = needle[0]
        var i = 0
        while i <= h - n {
            if haystack[i] == first {
                var j = 1
                while j < n && haystack[i + j] == needle[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }

    static func intersect(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var result: [Int32] = []
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { result.append(a[i]); i += 1; j += 1 }
            else if a[i] < b[j] { i += 1 }
            else { j += 1 }
        }
        return result
    }
}
