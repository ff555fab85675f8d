/// What may be done to a theme case as a whole (issue 17 §2).
public enum ThemeAction: Sendable, Hashable {
    /// 统一出件: every concluded child handed over at once (one visit), when the last concludes.
    case deliverAll(method: DeliveryMethod, trackingNumber: String?)
    /// The applicant withdraws the theme: every open child with it.
    case withdraw(reason: String)
    /// The lead department, after a prerequisite was refused: the rest goes on; the children
    /// that could only start from the refused one are withdrawn.
    case carryOn(reason: String)
    /// The lead department stops the theme: every open child withdrawn.
    case stop(reason: String)

    public var name: String {
        switch self {
        case .deliverAll: "deliver-all"
        case .withdraw: "withdraw"
        case .carryOn: "carry-on"
        case .stop: "stop"
        }
    }
}

/// The rules of a theme case's own actions, pure: the new theme record and each child's change
/// with its history entry, to be stored in one transaction.
public enum ThemeActions {
    public static func apply(
        _ action: ThemeAction, to theme: ThemeCase, children: [CaseRecord], by actor: CaseActor, today: CivilDate, now: Int64
    ) throws -> (theme: ThemeCase, children: [(record: CaseRecord, event: CaseEvent)]) {
        guard theme.state == .running else { throw CaseRuleError.notAllowed("一件事当前为“\(theme.state.label)”，已结束") }
        let progress = ThemeProgress(theme, children: children)
        var next = theme
        next.revision += 1
        var c = ProblemCollector()
        var changed: [(record: CaseRecord, event: CaseEvent)] = []

        func withdraw(_ record: CaseRecord, step: String, opinion: String) -> (CaseRecord, CaseEvent)? {
            guard [.correction, .waiting, .accepted, .undertaken, .reviewed].contains(record.state) else { return nil }
            var withdrawn = record
            withdrawn.state = .withdrawn
            withdrawn.specialProcedure = nil
            return (withdrawn, CaseEvent(action: "withdraw", step: step, fromState: record.state, toState: .withdrawn, at: now, actor: actor, opinion: opinion))
        }

        switch action {
        case .deliverAll(let method, let tracking):
            guard actor.role == .clerk else { throw CaseRuleError.forbidden("统一出件由综合窗口办理") }
            guard progress.stage == .ready else {
                throw CaseRuleError.notAllowed("还有 \(progress.total - progress.concluded) 个事项未办结，全部办结后统一出件")
            }
            let trackingNumber = tracking?.trimmingWhitespace() ?? ""
            if method == .post && trackingNumber.isEmpty { c.add("trackingNumber", "邮寄送达须填写邮件号") }
            c.limitText("trackingNumber", trackingNumber, label: "邮件号", maxLength: 40)
            try c.throwIfAny()
            var visited = false
            for record in children where record.state == .concluded {
                var delivered = record
                delivered.state = .delivered
                delivered.delivery = Delivery(method: method, trackingNumber: method == .post ? trackingNumber : nil, deliveredOn: today)
                // One visit for everything: counted on the first result handed over.
                if method == .pickup && !visited {
                    delivered.trips = delivered.trips.map { $0 + 1 }
                    visited = true
                }
                changed.append((delivered, CaseEvent(action: "deliver", step: "统一出件（\(method.label)）", fromState: .concluded, toState: .delivered,
                                                     at: now, actor: actor, opinion: method == .post ? "邮件号 \(trackingNumber)" : "")))
            }
            next.state = .delivered
        case .withdraw(let reason):
            guard actor.role == .clerk else { throw CaseRuleError.forbidden("撤回一件事由综合窗口办理") }
            c.requireText("opinion", reason, label: "撤回说明", maxLength: 2000)
            try c.throwIfAny()
            changed = children.compactMap { withdraw($0, step: "撤回（一件事撤回）", opinion: reason) }
            next.state = .withdrawn
        case .carryOn(let reason), .stop(let reason):
            guard actor.role == .approver, actor.department == theme.leadDepartment else {
                throw CaseRuleError.forbidden("由牵头部门决定一件事是否继续办理")
            }
            guard progress.stage == .blocked else { throw CaseRuleError.notAllowed("没有未获准予的前置事项，无需决定是否继续") }
            c.requireText("opinion", reason, label: "理由", maxLength: 2000)
            try c.throwIfAny()
            if case .stop = action {
                changed = children.compactMap { withdraw($0, step: "撤回（一件事终止）", opinion: reason) }
                next.state = .stopped
            } else {
                // Only what could start from a refused prerequisite is withdrawn, along the chain.
                let failed = Set(children.filter(ThemeProgress.failed).map(\.itemCode))
                var cut = failed
                var grew = true
                while grew {
                    grew = false
                    for child in theme.children where !cut.contains(child.item) && child.after.contains(where: cut.contains) {
                        cut.insert(child.item)
                        grew = true
                    }
                }
                changed = children.filter { cut.contains($0.itemCode) && !failed.contains($0.itemCode) }.compactMap {
                    withdraw($0, step: "撤回（前置事项未获准予）", opinion: reason)
                }
            }
        }
        return (next, changed)
    }
}
