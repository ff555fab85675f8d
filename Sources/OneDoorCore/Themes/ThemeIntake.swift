/// A theme as the clerk enters it at a window: one applicant, the answers, one receipt per line
/// of the merged material list.
public struct ThemeIntakeRequest: Sendable {
    public var themeCode: String
    public var applicant: Applicant
    public var agent: Person?
    public var window: WindowNumber?
    public var answers: [String: String]
    /// By the merged list's line names (``ThemeMaterial/name``).
    public var materials: [MaterialReceipt]
    public var pickUp: ThemePickUp
    public var opinion: String
    /// 受理, or one 补齐补正 notice for everything missing across the theme.
    public var outcome: ThemeIntakeOutcome

    public init(themeCode: String, applicant: Applicant, agent: Person? = nil, window: WindowNumber? = nil, answers: [String: String],
                materials: [MaterialReceipt], pickUp: ThemePickUp = .together, opinion: String = "", outcome: ThemeIntakeOutcome = .accept) {
        self.outcome = outcome
        self.themeCode = themeCode
        self.applicant = applicant
        self.agent = agent
        self.window = window
        self.answers = answers
        self.materials = materials
        self.pickUp = pickUp
        self.opinion = opinion
    }
}

/// What the window does with a theme's application.
public enum ThemeIntakeOutcome: String, Sendable, Hashable, CaseIterable {
    case accept
    /// 补齐补正 (一次性告知) for the whole theme: one notice, every child waiting for it.
    case requestCorrection = "request-correction"
}

/// One acceptance of a theme (issue 17 §2), pure: the theme case and one child case per item the
/// answers select, each made by the intake rules of its own item from the one material list.
/// Children without prerequisites are accepted and their clocks start; the others wait.
public enum ThemeIntake {
    public static func open(
        _ request: ThemeIntakeRequest, theme entry: ServiceTheme, items: [ItemCode: ServiceItem], hall: Hall, actor: CaseActor,
        today: CivilDate, now: Int64, calendar: WorkingCalendar, windows: Set<WindowNumber>? = nil
    ) throws -> (theme: ThemeCase, children: [(record: CaseRecord, events: [CaseEvent])]) {
        let theme = entry.theme
        guard entry.status == .published else {
            throw CaseRuleError.notAllowed(entry.status == .suspended ? "“\(theme.name)”已暂停受理" : "“\(theme.name)”尚未发布")
        }
        let selected = theme.selected(request.answers)
        for child in selected {
            guard let item = items[child.item], item.status == .published else {
                let name = items[child.item]?.guide.name ?? child.item.rawValue
                throw CaseRuleError.notAllowed("“\(theme.name)”所含事项“\(name)”已暂停受理，暂不能按一件事受理")
            }
        }
        var c = ProblemCollector()
        c.add(contentsOf: ThemeValidation.answerProblems(theme, request.answers))
        // A person's matter is applied for by that person; an enterprise's by the enterprise or,
        // before it exists (开办), by its founder.
        if theme.serves == .person, case .enterprise = request.applicant {
            c.add("applicant", "“\(theme.name)”由个人申请，请填写申请人本人信息")
        }
        var guides: [ItemCode: ServiceGuide] = [:]
        for child in selected { guides[child.item] = items[child.item]?.guide }
        let lines = ThemeMaterials.merged(selected, guides: guides)
        let receipts = Self.receipts(request.materials, lines: lines, into: &c)
        let correcting = request.outcome == .requestCorrection
        if correcting {
            let notice = Self.correctionLines(lines, receipts: receipts)
            if notice.isEmpty { c.add("materials", "材料齐全且无问题，无需补齐补正，请直接受理") }
        }

        var children: [(record: CaseRecord, events: [CaseEvent])] = []
        var seen: Set<ValidationProblem> = []
        for (position, child) in selected.enumerated() {
            guard let item = items[child.item] else { continue }
            let guide = item.guide
            let (materials, paths) = Self.childReceipts(guide, of: child.item, lines: lines, receipts: receipts, guides: guides)
            // In a theme's 补齐补正 every child waits for the one notice; one with nothing of its
            // own to correct is checked as for acceptance.
            let ownCorrection = correcting && guide.materials.enumerated().contains { index, material in
                let receipt = materials[index]
                return (receipt.received && !receipt.defect.isEmpty) || (!receipt.received && material.necessity == .required)
            }
            let childRequest = IntakeRequest(itemCode: child.item, applicant: request.applicant, agent: request.agent, window: request.window,
                                             materials: materials, outcome: ownCorrection ? .requestCorrection : .accept, opinion: request.opinion)
            do {
                var (record, events) = try Intake.open(childRequest, item: item, hall: hall, actor: actor, today: today, now: now,
                                                       calendar: calendar, windows: windows)
                record.theme = CaseThemeLink(number: "", code: theme.code, waitsFor: child.after, together: request.pickUp == .together ? true : nil)
                // A paper passed on is received the day its producer concludes, not today.
                for i in record.materials.indices where record.materials[i].reused?.hasPrefix(ThemeStart.pendingPrefix) == true {
                    record.materials[i].receivedOn = nil
                }
                // One visit for the whole theme, counted on its first child.
                record.trips = position == 0 ? 1 : 0
                if correcting {
                    Self.hold(&record, in: .correction)
                    events = [CaseEvent(action: "request-correction", step: "补齐补正告知（一件事）", fromState: nil, toState: .correction, at: now,
                                        actor: actor, opinion: ownCorrection ? Intake.correctionList(record.materials).joined(separator: "；")
                                            : "本事项材料齐全，随“\(theme.name)”补齐补正后一并受理")]
                } else if !child.after.isEmpty {
                    let names = child.after.map { guides[$0]?.name ?? $0.rawValue }.joined(separator: "、")
                    Self.hold(&record, in: .waiting)
                    events = [CaseEvent(action: "accept-waiting", step: "受理（等待前置事项）", fromState: nil, toState: .waiting, at: now,
                                        actor: actor, opinion: "“\(theme.name)”一件事受理，待“\(names)”办结后开始办理")]
                }
                children.append((record, events))
            } catch let failed as ValidationFailed {
                Self.add(failed.problems, paths: paths, seen: &seen, into: &c)
            }
        }
        try c.throwIfAny()

        let figures = ThemeFigures.of(selected, guides: guides)
        // The promise runs from acceptance: none while the theme waits for its correction.
        let deadline = correcting ? nil : try calendar.deadline(TimeLimit(days: figures.parallelDays, unit: .workingDays), from: today)
        let first = children[0].record
        let themeCase = ThemeCase(
            number: "", queryCode: "", themeCode: theme.code, themeVersion: entry.version, themeName: theme.name,
            leadDepartment: theme.leadDepartment, hall: hall.code, window: first.window, applicant: first.applicant, agent: first.agent,
            answers: request.answers, receivedOn: today, promisedDays: figures.parallelDays, promisedDeadline: deadline,
            children: selected.map { child in
                ThemeChild(item: child.item, itemName: guides[child.item]?.name ?? child.item.rawValue,
                           department: guides[child.item]?.department ?? theme.leadDepartment, number: "", after: child.after)
            },
            pickUp: request.pickUp)
        var stored = themeCase
        if correcting { stored.correction = Self.correctionLines(lines, receipts: receipts) }
        return (stored, children)
    }

    /// The receipts of a theme's form by merged line key, each checked once (unknown, repeated).
    static func receipts(_ materials: [MaterialReceipt], lines: [ThemeMaterial], into c: inout ProblemCollector) -> [String: (index: Int, receipt: MaterialReceipt)] {
        let asked = Dictionary(lines.filter(\.asked).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var receipts: [String: (index: Int, receipt: MaterialReceipt)] = [:]
        for (i, receipt) in materials.enumerated() {
            guard let line = asked[receipt.name] else {
                c.add("materials[\(i)].name", "材料“\(receipt.name)”不在本主题的材料清单中")
                continue
            }
            if receipts[line.key] != nil { c.add("materials[\(i)].name", "材料“\(receipt.name)”重复") }
            receipts[line.key] = (i, receipt)
        }
        return receipts
    }

    /// One child's checklist, each line from the theme's receipt of its merged line, with the
    /// path of that receipt in the theme's form; a paper the theme itself produces is vouched for
    /// by the item that waits for it.
    static func childReceipts(
        _ guide: ServiceGuide, of item: ItemCode, lines: [ThemeMaterial], receipts: [String: (index: Int, receipt: MaterialReceipt)],
        guides: [ItemCode: ServiceGuide]
    ) -> (materials: [MaterialReceipt], paths: [String]) {
        var paths: [String] = []
        let materials = guide.materials.map { material -> MaterialReceipt in
            let key = ThemeMaterials.key(of: material.name)
            if let line = lines.first(where: { $0.key == key }), let producer = line.producedBy, line.passedTo.contains(item) {
                paths.append("materials")
                return MaterialReceipt(name: material.name, received: true, original: true, electronic: true,
                                       reused: ThemeStart.pendingPrefix + "“\(guides[producer]?.name ?? producer.rawValue)”办结后自动转交")
            }
            guard let (index, receipt) = receipts[key] else {
                paths.append("materials")
                return MaterialReceipt(name: material.name, received: false)
            }
            paths.append("materials[\(index)]")
            var renamed = receipt
            renamed.name = material.name
            return renamed
        }
        return (materials, paths)
    }

    /// A child's problem by the theme's paths: its materials by the merged list's.
    static func themePath(_ problem: ValidationProblem, paths: [String]) -> ValidationProblem {
        var path = problem.path
        if path.hasPrefix("materials["), let close = path.firstIndex(of: "]"),
           let k = Int(path[path.index(path.startIndex, offsetBy: 10)..<close]), paths.indices.contains(k) {
            path = paths[k] + path[path.index(after: close)...]
        }
        return ValidationProblem(path: path, reason: problem.reason)
    }

    /// The one 补齐补正 notice of a theme: each merged line once — what is wrong with what was
    /// brought, and each line some item requires that was not.
    public static func correctionLines(_ lines: [ThemeMaterial], receipts: [String: (index: Int, receipt: MaterialReceipt)]) -> [String] {
        lines.filter(\.asked).compactMap { line in
            let receipt = receipts[line.key]?.receipt
            let defect = receipt?.defect.trimmingWhitespace() ?? ""
            if receipt?.received == true { return defect.isEmpty ? nil : "\(line.name)：\(defect)" }
            return line.required ? "\(line.name)：未提交" + (defect.isEmpty ? "" : "（\(defect)）") : nil
        }
    }

    /// A child held without a clock (waiting for the theme's correction or its prerequisites).
    static func hold(_ record: inout CaseRecord, in state: CaseState) {
        record.state = state
        record.acceptedOn = nil
        record.legalDeadline = nil
        record.promisedDeadline = nil
    }

    /// A child's problems by the theme's paths, each once however many children share a line.
    static func add(_ problems: [ValidationProblem], paths: [String], seen: inout Set<ValidationProblem>, into c: inout ProblemCollector) {
        for problem in problems {
            let named = themePath(problem, paths: paths)
            if seen.insert(named).inserted { c.add(named.path, named.reason) }
        }
    }

    /// The applicant came back with what the theme's 补齐补正 notice listed: every child is
    /// accepted by its own item's rules from the one form (those with prerequisites wait), one
    /// visit for the whole, and the theme's promise runs from today. Every problem named by the
    /// theme's paths; nothing changes unless all pass.
    public static func completeCorrection(
        _ theme: ThemeCase, children: [CaseRecord], materials: [MaterialReceipt], opinion: String, guides: [ItemCode: ServiceGuide],
        actor: CaseActor, today: CivilDate, now: Int64, calendar: WorkingCalendar
    ) throws -> (theme: ThemeCase, children: [(record: CaseRecord, event: CaseEvent)]) {
        guard actor.role == .clerk else { throw CaseRuleError.forbidden("补正后受理由综合窗口办理") }
        guard theme.state == .running, theme.correction != nil else { throw CaseRuleError.notAllowed("一件事不在补齐补正中") }
        let selected = theme.children.map { ThemeItem(item: $0.item, after: $0.after, condition: nil) }
        let lines = ThemeMaterials.merged(selected, guides: guides)
        var c = ProblemCollector()
        let receipts = Self.receipts(materials, lines: lines, into: &c)
        let byItem = Dictionary(children.map { ($0.itemCode, $0) }, uniquingKeysWith: { a, _ in a })
        var changed: [(record: CaseRecord, event: CaseEvent)] = []
        var seen: Set<ValidationProblem> = []
        var visited = false
        for child in theme.children {
            guard let record = byItem[child.item], record.state == .correction, let guide = guides[child.item] else { continue }
            let (own, paths) = Self.childReceipts(guide, of: child.item, lines: lines, receipts: receipts, guides: guides)
            do {
                var (next, event) = try CaseLifecycle.apply(.completeCorrection(materials: own, opinion: opinion), to: record, by: actor, today: today,
                                                            now: now, calendar: calendar)
                // One visit for the whole theme, counted on its first child.
                if visited { next.trips = record.trips }
                visited = true
                for i in next.materials.indices where next.materials[i].reused?.hasPrefix(ThemeStart.pendingPrefix) == true {
                    next.materials[i].receivedOn = nil
                }
                if !child.after.isEmpty {
                    Self.hold(&next, in: .waiting)
                    event.toState = .waiting
                    event.step = "补正后受理（等待前置事项）"
                }
                changed.append((next, event))
            } catch let failed as ValidationFailed {
                Self.add(failed.problems, paths: paths, seen: &seen, into: &c)
            }
        }
        try c.throwIfAny()
        var next = theme
        next.correction = nil
        next.revision += 1
        next.promisedDeadline = try calendar.deadline(TimeLimit(days: theme.promisedDays, unit: .workingDays), from: today)
        return (next, changed)
    }
}
