/// An in-memory search index over the catalogue, rebuilt whenever the catalogue changes.
///
/// At catalogue size (thousands of items) this beats any database full-text search and gives
/// the same results on SQLite and PostgreSQL. Each document's text is kept as normalised UTF-8;
/// a posting list per Unicode scalar narrows a query to the documents containing all of its
/// characters, and only those are checked for the substring and ranked.
public struct CatalogSearchIndex: Sendable {
    private struct Entry: Sendable {
        var code: ItemCode
        var nameLength: Int
        var name: [UInt8]
        var aliases: [[UInt8]]
        var tags: [[UInt8]]
        var department: [UInt8]
        var materials: [[UInt8]]
        var initials: [UInt8]
        /// Full pinyin of the name and each alias ("jiehundengji").
        var spellings: [[UInt8]]
    }

    private let entries: [Entry]
    private let postings: [UInt32: [Int32]]
    private let pinyin: PinyinInitials?
    /// Every run of 2–6 characters of the names, aliases and tags: the words a query in the
    /// citizen's own words is cut into when it matches nothing as a whole.
    private let vocabulary: Set<[UInt8]>

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
                initials: initials,
                spellings: pinyin.map { table in ([doc.name] + doc.aliases).map { Array(table.spelling(of: $0).utf8) }.filter { !$0.isEmpty } } ?? []
            )
            var scalars = Set<UInt32>()
            for field in [entry.name, entry.department, entry.initials] + entry.aliases + entry.tags + entry.materials + entry.spellings {
                for scalar in String(decoding: field, as: UTF8.self).unicodeScalars { scalars.insert(scalar.value) }
            }
            for scalar in scalars { postings[scalar, default: []].append(Int32(i)) }
            entries.append(entry)
        }
        self.entries = entries
        self.postings = postings
        var vocabulary = Set<[UInt8]>()
        for entry in entries {
            for field in [entry.name] + entry.aliases + entry.tags {
                let characters = Array(String(decoding: field, as: UTF8.self))
                for start in characters.indices {
                    for length in 2...6 where start + length <= characters.count {
                        vocabulary.insert(Array(String(characters[start..<start + length]).utf8))
                    }
                }
            }
        }
        self.vocabulary = vocabulary
    }

    /// Items matching `query`, best first: exact name, name prefix, name substring, alias, tag,
    /// department, material name, then pinyin initials; ties go to the shorter name.
    /// An empty query returns nothing (listing is not searching).
    ///
    /// A query that matches nothing as typed is read in the citizen's words: everyday words
    /// replaced and filler words dropped (``EverydayWords``), split at spaces and punctuation, and
    /// each part cut into the catalogue's words; items matching every part come first, then
    /// those matching most of them.
    public func search(_ query: String) -> [SearchHit] {
        let needle = Self.normalize(query)
        guard !needle.isEmpty else { return [] }
        let direct = searchTerm(needle)
        // Found by name, alias or tag as typed: that is what was meant.
        if let best = direct.first, best.kind <= .tag { return direct }
        let (reworded, covered) = searchInEverydayWords(query)
        if direct.isEmpty { return reworded }
        // Found only in a department or material name (教师资格证 is a material of a school's
        // licence): what the citizen's words find by name comes first — when those words say
        // most of the query (卫生 of 卫生健康 does not).
        let strong = covered * 4 >= needle.count * 3 ? reworded.filter { $0.kind <= .tag } : []
        let seen = Set(strong.map(\.code))
        return strong + direct.filter { !seen.contains($0.code) }
    }

    /// The items the query's parts find, and how many bytes of the query those parts cover.
    private func searchInEverydayWords(_ query: String) -> ([SearchHit], Int) {
        var parts: [[UInt8]] = []
        for term in EverydayWords.terms(query) {
            let normalized = Self.normalize(term)
            if normalized.count < 2 { continue }
            // A term found by name, alias or tag stays whole; otherwise it is cut into words.
            let found = searchTerm(normalized).first.map { $0.kind <= .tag } ?? false
            parts.append(contentsOf: found ? [normalized] : segments(normalized))
        }
        guard !parts.isEmpty else { return ([], 0) }
        // Per item: how many parts it matched, and how well (sum of the kinds' ranks).
        var scores: [Int: (matched: Int, rank: Int, kind: MatchKind)] = [:]
        for part in parts {
            for hit in searchHits(part) {
                let old = scores[hit.entry] ?? (0, 0, hit.kind)
                scores[hit.entry] = (old.matched + 1, old.rank + hit.kind.rawValue, min(old.kind, hit.kind))
            }
        }
        let ranked = scores.sorted { a, b in
            if a.value.matched != b.value.matched { return a.value.matched > b.value.matched }
            if a.value.rank != b.value.rank { return a.value.rank < b.value.rank }
            let ea = entries[a.key], eb = entries[b.key]
            if ea.nameLength != eb.nameLength { return ea.nameLength < eb.nameLength }
            return ea.code < eb.code
        }
        return (ranked.map { SearchHit(code: entries[$0.key].code, kind: $0.value.kind) }, parts.reduce(0) { $0 + $1.count })
    }

    /// `text` cut into the longest catalogue words (2–6 characters), left to right; characters
    /// that start no word are dropped.
    private func segments(_ text: [UInt8]) -> [[UInt8]] {
        let characters = Array(String(decoding: text, as: UTF8.self))
        var result: [[UInt8]] = []
        var i = 0
        while i < characters.count {
            var taken = 0
            for length in stride(from: min(6, characters.count - i), through: 2, by: -1) {
                let word = Array(String(characters[i..<i + length]).utf8)
                if vocabulary.contains(word) { result.append(word); taken = length; break }
            }
            i += max(taken, 1)
        }
        return result
    }

    /// The items matching one term as a substring, best first.
    private func searchTerm(_ needle: [UInt8]) -> [SearchHit] {
        searchHits(needle).sorted { a, b in
            if a.kind != b.kind { return a.kind < b.kind }
            let ea = entries[a.entry], eb = entries[b.entry]
            if ea.nameLength != eb.nameLength { return ea.nameLength < eb.nameLength }
            return ea.code < eb.code
        }.map { SearchHit(code: entries[$0.entry].code, kind: $0.kind) }
    }

    private func searchHits(_ needle: [UInt8]) -> [(entry: Int, kind: MatchKind)] {
        let candidates = candidates(for: needle)
        var hits: [(entry: Int, kind: MatchKind)] = []
        for i in candidates {
            if let kind = match(entries[Int(i)], needle) { hits.append((Int(i), kind)) }
        }
        return hits
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
        if e.spellings.contains(where: { $0.starts(with: needle) }) { return .spellingPrefix }
        if e.spellings.contains(where: { Self.contains($0, needle) }) { return .spellingContains }
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
