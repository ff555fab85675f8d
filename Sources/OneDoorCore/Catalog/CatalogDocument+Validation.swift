extension CatalogDocument {
    /// Every problem in the document, each with its path (`items[12].versions[0].materials[2].name`).
    public func validate() -> [ValidationProblem] {
        var c = ProblemCollector()
        if format != CatalogDocument.formatName {
            c.add("format", "文件格式应为“\(CatalogDocument.formatName)”")
        }
        if formatVersion != CatalogDocument.currentFormatVersion {
            c.add("formatVersion", "不支持的格式版本 \(formatVersion)（支持 \(CatalogDocument.currentFormatVersion)）")
        }

        let regionCodes = Set(regions.map(\.code))
        checkEach("regions", regions, key: \.code, into: &c) { region, c in region.validate(into: &c) }
        for (i, region) in regions.enumerated() {
            if let parent = region.parent, !regionCodes.contains(parent) {
                c.add("regions[\(i)].parent", "上级区划“\(parent)”不在区划表中")
            }
        }
        checkEach("itemTypes", itemTypes, key: \.code, into: &c) { type, c in type.validate(into: &c) }
        checkEach("windowCategories", windowCategories, key: \.code, into: &c) { category, c in category.validate(into: &c) }
        checkEach("departments", departments, key: \.code.rawValue, into: &c) { department, c in
            department.validate(into: &c, regions: regionCodes)
        }
        checkEach("halls", halls, key: \.code.rawValue, into: &c) { hall, c in hall.validate(into: &c, regions: regionCodes) }
        let hallCodes = Set(halls.map(\.code))
        let categoryCodes = Set(windowCategories.map(\.code))
        checkEach("windows", windows, key: { "\($0.hall)/\($0.number)" }, into: &c) { window, c in
            window.validate(into: &c, halls: hallCodes, categories: categoryCodes)
        }

        let references = CatalogReferences(departments: departments, windowCategories: windowCategories, itemTypes: itemTypes)
        checkEach("items", items, key: \.code.rawValue, into: &c) { item, c in
            item.validate(into: &c, references: references)
        }
        var facts: [ItemCode: ThemeValidation.ItemFacts] = [:]
        for item in items {
            guard let guide = item.versions.last else { continue }
            facts[item.code] = ThemeValidation.ItemFacts(status: item.status, name: guide.name)
        }
        let departmentCodes = Set(departments.map(\.code))
        checkEach("themes", themes, key: \.code, into: &c) { theme, c in
            theme.validate(into: &c, items: facts, departments: departmentCodes)
        }
        let themeKinds = Dictionary(themes.compactMap { record in record.versions.last.map { ($0.code, $0.serves) } }, uniquingKeysWith: { a, _ in a })
        c.add(contentsOf: PushRuleValidation.problems(pushRules, stages: lifeStages, items: Set(facts.keys), themes: themeKinds,
                                                      licenceTypes: Set(DemoLicenceTypes.all.map(\.code))))
        return c.problems
    }

    /// Validates each element under `field[i]` and reports duplicate keys.
    private func checkEach<T>(
        _ field: String, _ values: [T], key: (T) -> String, into c: inout ProblemCollector,
        _ check: (T, inout ProblemCollector) -> Void
    ) {
        var seen: [String: Int] = [:]
        for (i, value) in values.enumerated() {
            c.nested("\(field)[\(i)]") { inner in check(value, &inner) }
            let k = key(value)
            if let first = seen[k] {
                c.add("\(field)[\(i)]", "编码“\(k)”与第 \(first + 1) 条重复")
            } else {
                seen[k] = i
            }
        }
    }
}

extension CatalogDocument.ItemRecord {
    func validate(into c: inout ProblemCollector, references: CatalogReferences) {
        if versions.isEmpty {
            c.add("versions", "事项至少需要一个版本")
            return
        }
        for (i, guide) in versions.enumerated() {
            c.nested("versions[\(i)]") { inner in guide.validate(into: &inner, references: references) }
            if guide.implementationCode != code.rawValue {
                c.add("versions[\(i)].implementationCode", "同一事项各版本的实施编码必须相同")
            }
        }
        switch (status, publishedVersion) {
        case (.published, nil), (.suspended, nil):
            c.add("publishedVersion", "\(status.label)的事项必须指明发布的版本")
        case (_, let v?) where !(1...versions.count).contains(v):
            c.add("publishedVersion", "发布版本 \(v) 不存在（共 \(versions.count) 个版本）")
        case (.draft, .some):
            c.add("publishedVersion", "草稿事项不能有发布版本")
        default:
            break
        }
    }
}

extension CatalogDocument.ThemeRecord {
    /// Every version is checked against the document's items: a theme published once stays
    /// readable, so its old versions must name items that still exist; the published version
    /// names no draft. A suspended item is allowed here (see `ThemeValidation.Stage`).
    func validate(into c: inout ProblemCollector, items: [ItemCode: ThemeValidation.ItemFacts], departments: Set<DepartmentCode>) {
        if versions.isEmpty {
            c.add("versions", "主题至少需要一个版本")
            return
        }
        for (i, theme) in versions.enumerated() {
            c.nested("versions[\(i)]") { inner in
                let published = status != .draft && publishedVersion == i + 1
                for problem in ThemeValidation.problems(theme, items: items, departments: departments, stage: .stored(published: published)) {
                    inner.add(problem.path, problem.reason)
                }
            }
            if theme.code != code { c.add("versions[\(i)].code", "同一主题各版本的编码必须相同") }
        }
        switch (status, publishedVersion) {
        case (.published, nil), (.suspended, nil):
            c.add("publishedVersion", "\(status.label)的主题必须指明发布的版本")
        case (_, let v?) where !(1...versions.count).contains(v):
            c.add("publishedVersion", "发布版本 \(v) 不存在（共 \(versions.count) 个版本）")
        case (.draft, .some):
            c.add("publishedVersion", "草稿主题不能有发布版本")
        default:
            break
        }
    }
}
