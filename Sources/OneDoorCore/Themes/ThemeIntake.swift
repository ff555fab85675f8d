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

    public init(themeCode: String, applicant: Applicant, agent: Person? = nil, window: WindowNumber? = nil, answers: [String: String],
                materials: [MaterialReceipt], pickUp: ThemePickUp = .together, opinion: String = "") {
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
        let asked = Dictionary(lines.filter(\.asked).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var receipts: [String: (index: Int, receipt: MaterialReceipt)] = [:]
        for (i, receipt) in request.materials.enumerated() {
            guard let line = asked[receipt.name] else {
                c.add("materials[\(i)].name", "材料“\(receipt.name)”不在本主题的材料清单中")
                continue
            }
            if receipts[line.key] != nil { c.add("materials[\(i)].name", "材料“\(receipt.name)”重复") }
            receipts[line.key] = (i, receipt)
        }
        let producers = Dictionary(lines.compactMap { line in line.producedBy.map { (line.key, $0) } }, uniquingKeysWith: { a, _ in a })

        var children: [(record: CaseRecord, events: [CaseEvent])] = []
        var seen: Set<ValidationProblem> = []
        for (position, child) in selected.enumerated() {
            guard let item = items[child.item] else { continue }
            let guide = item.guide
            // The child's checklist, each line from the theme's receipt of its merged line; a
            // paper the theme itself produces is vouched for by the item that waits for it.
            var paths: [String] = []
            let materials = guide.materials.map { material -> MaterialReceipt in
                let key = ThemeMaterials.key(of: material.name)
                if let producer = producers[key], lines.first(where: { $0.key == key })?.passedTo.contains(child.item) == true {
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
            let childRequest = IntakeRequest(itemCode: child.item, applicant: request.applicant, agent: request.agent, window: request.window,
                                             materials: materials, outcome: .accept, opinion: request.opinion)
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
                if !child.after.isEmpty {
                    let names = child.after.map { guides[$0]?.name ?? $0.rawValue }.joined(separator: "、")
                    record.state = .waiting
                    record.acceptedOn = nil
                    record.legalDeadline = nil
                    record.promisedDeadline = nil
                    events = [CaseEvent(action: "accept-waiting", step: "受理（等待前置事项）", fromState: nil, toState: .waiting, at: now,
                                        actor: actor, opinion: "“\(theme.name)”一件事受理，待“\(names)”办结后开始办理")]
                }
                children.append((record, events))
            } catch let failed as ValidationFailed {
                // The child's problems by the theme's paths: its materials by the merged list's.
                for problem in failed.problems {
                    var path = problem.path
                    if path.hasPrefix("materials["), let close = path.firstIndex(of: "]"),
                       let k = Int(path[path.index(path.startIndex, offsetBy: 10)..<close]), paths.indices.contains(k) {
                        path = paths[k] + path[path.index(after: close)...]
                    }
                    let named = ValidationProblem(path: path, reason: problem.reason)
                    if seen.insert(named).inserted { c.add(named.path, named.reason) }
                }
            }
        }
        try c.throwIfAny()

        let figures = ThemeFigures.of(selected, guides: guides)
        let deadline = try calendar.deadline(TimeLimit(days: figures.parallelDays, unit: .workingDays), from: today)
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
        return (themeCase, children)
    }
}
