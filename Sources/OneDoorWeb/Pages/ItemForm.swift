import OneDoorCore
import OneDoorServices

/// The form that creates or edits an item: every guide field, materials as table rows.
///
/// Lists are one entry per line; procedure steps are "名称：说明". The implementation code is not
/// typed: it is derived from the department's USCC, the level and the basic code, as the
/// standard defines it, so it cannot be mistyped.
struct ItemFormPage: PageModel {
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    struct MaterialRow: Sendable {
        var index: Int
        var number: Int
        var name: String
        var types: [Option]
        var forms: [Option]
        var originals: String
        var copies: String
        var necessities: [Option]
        var sources: [Option]
        var notes: String
    }

    var title: String
    var bodyClass: String { "admin" }
    var action: String
    var isNew: Bool
    var code: String
    var expectedVersion: Int
    var problems: [ValidationProblemRow]
    var hasProblems: Bool
    var message: String?

    var basicCode: String
    var name: String
    var itemTypes: [Option]
    var departments: [Option]
    var levels: [Option]
    var categories: [Option]
    var caseKinds: [Option]
    var handlingForms: [Option]
    var hallLevels: [Option]
    var chiefDecides: Bool
    var departmentPreReview: Bool
    var legalDays: String
    var legalUnits: [Option]
    var promisedDays: String
    var promisedUnits: [Option]
    var trips: String
    var onlineDepths: [Option]
    var scopes: [Option]
    var legalBasis: String
    var conditions: String
    var specialProcedures: String
    var procedure: String
    var feeCharged: Bool
    var feeStandard: String
    var feeBasis: String
    var location: String
    var hours: String
    var consultation: String
    var complaint: String
    var resultName: String
    var resultType: String
    var tags: String
    var aliases: String
    /// The deployment's own 五公开 entries, a line each: "执行公开｜标题｜内容或链接".
    var disclosures: String
    var materials: [MaterialRow]

    /// Blank rows offered after the existing materials.
    static let blankMaterialRows = 3

    init(guide: ServiceGuide, isNew: Bool, expectedVersion: Int, organisation: Organisation, problems: [ValidationProblem] = [], message: String? = nil) {
        let g = guide
        self.isNew = isNew
        title = isNew ? "新建事项" : "编辑事项：\(g.name)"
        action = isNew ? SiteURL.adminItems.path : SiteURL.adminItem(.value(ItemCode(rawValue: g.implementationCode))).path
        code = g.implementationCode
        self.expectedVersion = expectedVersion
        self.problems = problems.map(ValidationProblemRow.init)
        hasProblems = !problems.isEmpty
        self.message = message
        basicCode = g.basicCode
        name = g.name
        itemTypes = organisation.itemTypes.map { Option(value: $0.code, label: $0.name, selected: $0.code == g.itemType) }
        departments = organisation.departments.map { Option(value: $0.code.rawValue, label: $0.name, selected: $0.code == g.department) }
        levels = ExerciseLevel.allCases.map { Option(value: String($0.rawValue), label: $0.label, selected: $0 == g.level) }
        categories = organisation.windowCategories.map { Option(value: $0.code, label: $0.name, selected: $0.code == g.windowCategory) }
        caseKinds = CaseKind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == g.caseKind) }
        handlingForms = HandlingForm.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: g.handlingForms.contains($0)) }
        hallLevels = HallLevel.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: g.hallLevels.contains($0)) }
        chiefDecides = g.chiefDecides
        departmentPreReview = g.departmentPreReview
        legalDays = String(g.legalLimit.days)
        legalUnits = TimeUnit.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == g.legalLimit.unit) }
        promisedDays = String(g.promisedLimit.days)
        promisedUnits = TimeUnit.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == g.promisedLimit.unit) }
        trips = String(g.trips)
        onlineDepths = OnlineDepth.allCases.map { Option(value: String($0.rawValue), label: $0.label, selected: $0 == g.onlineDepth) }
        scopes = ServiceScope.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == g.scope) }
        legalBasis = g.legalBasis.joined(separator: "\n")
        conditions = g.conditions.joined(separator: "\n")
        specialProcedures = g.specialProcedures.joined(separator: "\n")
        procedure = g.procedure.map { $0.detail.isEmpty ? $0.name : "\($0.name)：\($0.detail)" }.joined(separator: "\n")
        feeCharged = g.fee.charged
        feeStandard = g.fee.standard
        feeBasis = g.fee.basis
        location = g.location
        hours = g.hours
        consultation = g.consultation
        complaint = g.complaint
        resultName = g.result.name
        resultType = g.result.type
        tags = g.tags.joined(separator: "\n")
        aliases = g.aliases.joined(separator: "\n")
        disclosures = (g.disclosures ?? []).map { note in
            ([note.kind.label, note.title] + [note.text, note.url ?? ""].filter { !$0.isEmpty }).joined(separator: "｜")
        }.joined(separator: "\n")
        let rows = g.materials + Array(repeating: Material(name: "", copies: 0), count: Self.blankMaterialRows)
        materials = rows.enumerated().map { i, m in
            MaterialRow(
                index: i, number: i + 1, name: m.name,
                types: MaterialType.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == m.type) },
                forms: MaterialForm.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == m.form) },
                originals: m.name.isEmpty ? "1" : String(m.originals), copies: String(m.copies),
                necessities: MaterialNecessity.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == m.necessity) },
                sources: MaterialSource.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == m.source) },
                notes: m.notes
            )
        }
    }

    /// A new item's starting values: the common case of a county-level 承诺件.
    static func blankGuide(organisation: Organisation) -> ServiceGuide {
        ServiceGuide(
            basicCode: "", implementationCode: "", name: "", itemType: organisation.itemTypes.first?.code ?? "",
            department: organisation.departments.first?.code ?? "", level: .county, legalBasis: [], conditions: [],
            handlingForms: [.window, .online], caseKind: .promised, legalLimit: TimeLimit(days: 20), promisedLimit: TimeLimit(days: 5),
            trips: 1, procedure: [ProcedureStep(name: "受理"), ProcedureStep(name: "审查"), ProcedureStep(name: "决定"), ProcedureStep(name: "送达")],
            location: "", hours: "", consultation: "", complaint: "12345 政务服务便民热线", onlineDepth: .three, scope: .district,
            result: ItemResult(name: "", type: "证照"), windowCategory: organisation.windowCategories.first?.code ?? "", materials: []
        )
    }
}

/// Reads the submitted form back into a guide. Values that cannot even be read (a number that is
/// not a number, an unknown option) become problems with the guide's field paths, reported with
/// the guide's own validation in one list.
enum ItemFormReader {
    static func read(_ form: FormData, organisation: Organisation, fixedCode: String?) -> (guide: ServiceGuide, problems: [ValidationProblem]) {
        var c = ProblemCollector()
        func text(_ key: String) -> String { (form[key] ?? "").trimmingWhitespace() }
        func lines(_ key: String) -> [String] {
            (form[key] ?? "").split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        }
        func int(_ key: String, path: String, label: String) -> Int {
            guard let value = Int(text(key)) else {
                c.add(path, "\(label)应为整数")
                return 0
            }
            return value
        }
        func choice<T: RawRepresentable>(_ key: String, _ type: T.Type, path: String, label: String, default value: T) -> T where T.RawValue == String {
            if let chosen = T(rawValue: text(key)) { return chosen }
            c.add(path, "\(label)的取值不正确")
            return value
        }

        /// Every ticked value of a multiple choice; an unknown one is named, not dropped.
        func all<T: RawRepresentable>(_ key: String, _ type: T.Type, path: String, label: String) -> [T] where T.RawValue == String {
            form.all(key).compactMap { text in
                if let chosen = T(rawValue: text) { return chosen }
                c.add(path, "\(label)“\(text.prefix(40))”不是可选的值")
                return nil
            }
        }

        let level = ExerciseLevel(rawValue: Int(text("level")) ?? 0) ?? {
            c.add("level", "行使层级的取值不正确")
            return .county
        }()
        let department = DepartmentCode(rawValue: text("department"))
        let basicCode = text("basicCode").uppercased()
        let implementationCode = fixedCode ?? organisation.departments.first { $0.code == department }
            .map { ItemCodes.implementationCode(uscc: $0.uscc, level: level, basicCode: basicCode) } ?? ""
        let procedure = lines("procedure").map { line -> ProcedureStep in
            let parts = line.split(separator: "：", maxSplits: 1).map { String($0).trimmingWhitespace() }
            return ProcedureStep(name: parts[0], detail: parts.count > 1 ? parts[1] : "")
        }
        var materials: [Material] = []
        var row = 0
        while form["m\(row).name"] != nil {
            defer { row += 1 }
            let name = text("m\(row).name")
            if name.isEmpty { continue }
            let path = "materials[\(materials.count)]"
            materials.append(Material(
                name: name,
                type: choice("m\(row).type", MaterialType.self, path: "\(path).type", label: "材料类型", default: .certificate),
                form: choice("m\(row).form", MaterialForm.self, path: "\(path).form", label: "材料形式", default: .paper),
                originals: int("m\(row).originals", path: "\(path).originals", label: "原件份数"),
                copies: int("m\(row).copies", path: "\(path).copies", label: "复印件份数"),
                necessity: choice("m\(row).necessity", MaterialNecessity.self, path: "\(path).necessity", label: "必要性", default: .required),
                source: choice("m\(row).source", MaterialSource.self, path: "\(path).source", label: "来源渠道", default: .applicant),
                notes: text("m\(row).notes")
            ))
        }
        let guide = ServiceGuide(
            basicCode: basicCode, implementationCode: implementationCode, name: text("name"), itemType: text("itemType"),
            department: department, level: level, legalBasis: lines("legalBasis"), conditions: lines("conditions"),
            handlingForms: all("handlingForms", HandlingForm.self, path: "handlingForms", label: "办理形式"),
            caseKind: choice("caseKind", CaseKind.self, path: "caseKind", label: "办件类型", default: .promised),
            legalLimit: TimeLimit(
                days: int("legalDays", path: "legalLimit.days", label: "法定办结时限"),
                unit: choice("legalUnit", TimeUnit.self, path: "legalLimit.unit", label: "法定时限单位", default: .workingDays)
            ),
            promisedLimit: TimeLimit(
                days: int("promisedDays", path: "promisedLimit.days", label: "承诺办结时限"),
                unit: choice("promisedUnit", TimeUnit.self, path: "promisedLimit.unit", label: "承诺时限单位", default: .workingDays)
            ),
            trips: int("trips", path: "trips", label: "到办事现场次数"), specialProcedures: lines("specialProcedures"),
            fee: Fee(charged: form["feeCharged"] == "on", standard: text("feeStandard"), basis: text("feeBasis")),
            procedure: procedure, location: text("location"), hours: text("hours"), consultation: text("consultation"),
            complaint: text("complaint"),
            onlineDepth: OnlineDepth(rawValue: Int(text("onlineDepth")) ?? 0) ?? {
                c.add("onlineDepth", "网上办理深度的取值不正确")
                return .one
            }(),
            scope: choice("scope", ServiceScope.self, path: "scope", label: "通办范围", default: .district),
            hallLevels: all("hallLevels", HallLevel.self, path: "hallLevels", label: "可办理的服务中心层级"),
            result: ItemResult(name: text("resultName"), type: text("resultType")), windowCategory: text("windowCategory"),
            tags: lines("tags"), aliases: lines("aliases"), materials: materials,
            chiefRepresentativeDecides: form["chiefRepresentativeDecides"] == "on" ? true : nil,
            preReviewByDepartment: form["preReviewByDepartment"] == "on" ? true : nil,
            disclosures: disclosures(lines("disclosures"), into: &c)
        )
        return (guide, c.problems)
    }

    /// "执行公开｜标题｜内容" or "…｜标题｜https://…" or "…｜标题｜内容｜https://…" (｜ or |), a line each.
    /// Line i is entry i, so that every problem's path names its line; a line that cannot be read
    /// stands as a placeholder (the form comes back, nothing is saved).
    static func disclosures(_ lines: [String], into c: inout ProblemCollector) -> [DisclosureNote]? {
        let notes = lines.enumerated().map { i, line -> DisclosureNote in
            let parts = line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "｜" || $0 == "|" }).map { String($0).trimmingWhitespace() }
            guard (3...4).contains(parts.count) else {
                c.add("disclosures[\(i)]", "五公开第 \(i + 1) 行应为“公开类别｜标题｜内容或链接”")
                return DisclosureNote(kind: .decision, title: "格式有误", text: String(line.prefix(CatalogLimits.shortText)))
            }
            let kind = DisclosureKind(label: parts[0]) ?? {
                c.add("disclosures[\(i)].kind", "五公开第 \(i + 1) 行的公开类别“\(parts[0].prefix(20))”应为决策、执行、管理、服务或结果")
                return .decision
            }()
            if parts.count == 4 { return DisclosureNote(kind: kind, title: parts[1], text: parts[2], url: parts[3]) }
            let isLink = parts[2].lowercased().hasPrefix("http://") || parts[2].lowercased().hasPrefix("https://")
            return isLink ? DisclosureNote(kind: kind, title: parts[1], url: parts[2]) : DisclosureNote(kind: kind, title: parts[1], text: parts[2])
        }
        return notes.isEmpty ? nil : notes
    }

    /// An edited guide keeps what the item form does not show from the version it edits: the
    /// licence type of its result, and the fee's fixed amounts while the standard they come from
    /// is unchanged. Saving the form once dropped them, and the item stopped issuing its licence.
    static func keepingUnshown(_ guide: ServiceGuide, from base: ServiceGuide) -> ServiceGuide {
        var kept = guide
        kept.result.licenceType = base.result.licenceType
        if guide.fee.charged && guide.fee.standard == base.fee.standard { kept.fee.amounts = base.fee.amounts }
        return kept
    }
}
