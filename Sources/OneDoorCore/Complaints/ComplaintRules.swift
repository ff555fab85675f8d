/// What a complainant (or the clerk recording them) gives.
public struct ComplaintInput: Sendable, Hashable {
    public var kind: ComplaintKind
    public var content: String
    public var anonymous: Bool
    public var name: String
    public var phone: String
    public var email: String
    public var caseNumber: String
    public var hall: String
    public var window: String
    public var staffNumber: String
    public var category: ComplaintCategory?

    public init(kind: ComplaintKind, content: String, anonymous: Bool = false, name: String = "", phone: String = "", email: String = "",
                caseNumber: String = "", hall: String = "", window: String = "", staffNumber: String = "", category: ComplaintCategory? = nil) {
        self.kind = kind
        self.content = content
        self.anonymous = anonymous
        self.name = name
        self.phone = phone
        self.email = email
        self.caseNumber = caseNumber
        self.hall = hall
        self.window = window
        self.staffNumber = staffNumber
        self.category = category
    }
}

/// Filing, assigning, replying to and rating complaints (issue 18 §2). Pure.
public enum ComplaintRules {
    /// What the complainant must have given, by field: content; a name and a way back (mobile or
    /// e-mail, or a signed-in account) unless it is an anonymous report — only reports may be.
    /// `concerned` is the case it names, if found (its department owns it then); an unknown case
    /// number is named.
    public static func file(
        _ input: ComplaintInput, channel: ComplaintChannel, citizen: CitizenAccount?, recordedBy: CaseActor?, concerned: CaseRecord?,
        knownHall: Bool, today: CivilDate, calendar: WorkingCalendar, now: Int64
    ) throws -> Complaint {
        var c = ProblemCollector()
        c.requireText("content", input.content, label: "内容", maxLength: 2_000)
        if input.anonymous && input.kind != .report { c.add("anonymous", "只有举报可以匿名；投诉、咨询和建议需要留下联系方式以便答复") }
        let phone = input.phone.trimmingWhitespace(), email = input.email.trimmingWhitespace()
        var mobile: String?
        var address: String?
        if !input.anonymous {
            let name = input.name.trimmingWhitespace().isEmpty ? citizen?.name ?? "" : input.name
            c.requireText("name", name, label: "姓名", maxLength: 50)
            if !phone.isEmpty {
                mobile = CaseMessages.mobile(phone)
                if mobile == nil { c.add("phone", "手机号码应为 11 位中国大陆手机号码") }
            }
            if !email.isEmpty {
                address = EmailAddress.isValid(email) ? email : nil
                if address == nil { c.add("email", "电子邮箱格式不正确") }
            }
            if phone.isEmpty && email.isEmpty && citizen == nil { c.add("phone", "请留下手机号码或电子邮箱，以便答复") }
        }
        let caseNumber = input.caseNumber.trimmingWhitespace().uppercased()
        if !caseNumber.isEmpty && concerned == nil { c.add("caseNumber", "办件编号“\(caseNumber.prefix(30))”不存在") }
        if !input.hall.isEmpty && !knownHall { c.add("hall", "服务中心“\(input.hall.prefix(20))”不存在") }
        c.limitText("window", input.window, label: "窗口号", maxLength: 10)
        c.limitText("staffNumber", input.staffNumber, label: "工号", maxLength: 20)
        if channel != .online {
            if recordedBy?.role != .clerk && recordedBy?.role != .supervisor { c.add("channel", "监督台和电话来件由服务中心工作人员登记") }
        }
        try c.throwIfAny()

        let recorder = recordedBy.map { "\($0.name)（\($0.staffNumber)）" }
        var complaint = Complaint(
            id: 0, number: "", queryCode: "", kind: input.kind, channel: channel, category: input.category, anonymous: input.anonymous,
            name: input.anonymous ? nil : (input.name.trimmingWhitespace().isEmpty ? citizen?.name : input.name.trimmingWhitespace()),
            phone: input.anonymous ? nil : (mobile ?? (citizen?.phone).flatMap(CaseMessages.mobile)), email: input.anonymous ? nil : address,
            citizenID: input.anonymous ? nil : citizen?.id, content: input.content.trimmingWhitespace(), caseNumber: concerned?.number,
            hall: concerned?.hall ?? (input.hall.isEmpty ? recordedBy?.hall : HallCode(rawValue: input.hall)),
            window: input.window.isEmpty ? concerned?.window : WindowNumber(rawValue: input.window.trimmingWhitespace()),
            staffNumber: input.staffNumber.trimmingWhitespace().isEmpty ? nil : input.staffNumber.trimmingWhitespace(),
            department: nil, state: .received, receivedOn: today, steps: [
                ComplaintStep(action: "file", step: "\(channel.label)受理\(input.kind.label)", at: now, actor: recorder ?? (input.anonymous ? "匿名" : "来件人"),
                              text: ""),
            ], revision: 1)
        // A case names its owner: the deciding department answers for it at once.
        if let concerned {
            complaint.department = concerned.department
            complaint.state = .assigned
            complaint.dueOn = try calendar.addingWorkingDays(input.kind.replyDays, to: today)
            complaint.steps.append(ComplaintStep(action: "assign", step: "按所涉办件转 \(concerned.department) 办理", at: now, actor: "系统", text: ""))
        }
        return complaint
    }

    /// A supervisor classifies it and gives it to a department (or to a hall for its windows),
    /// which has the kind's working days from today; an open one may be reassigned.
    public static func assign(_ complaint: Complaint, category: ComplaintCategory?, department: DepartmentCode?, hall: HallCode?,
                              known: Bool, today: CivilDate, calendar: WorkingCalendar, now: Int64, by actor: CaseActor) throws -> Complaint {
        guard actor.role == .supervisor else { throw CaseRuleError.forbidden("由监察人员分办") }
        guard complaint.state.isOpen else { throw CaseRuleError.notAllowed("\(complaint.kind.label)已\(complaint.state == .replied ? "答复" : "办结")，不能再分办") }
        var c = ProblemCollector()
        if category == nil { c.add("category", "请选择类别") }
        if department == nil && hall == nil { c.add("department", "请选择承办部门或服务中心") }
        else if !known { c.add("department", "承办部门或服务中心不存在") }
        try c.throwIfAny()
        var next = complaint
        next.category = category
        next.department = department
        if department == nil { next.hall = hall }
        next.state = .assigned
        next.dueOn = try calendar.addingWorkingDays(complaint.kind.replyDays, to: today)
        next.revision += 1
        next.steps.append(ComplaintStep(action: "assign", step: "分办至 \(department?.rawValue ?? hall?.rawValue ?? "")，\(next.dueOn?.description ?? "")前答复",
                                        at: now, actor: "\(actor.name)（\(actor.staffNumber)）", text: category?.label ?? ""))
        return next
    }

    /// The owner's written reply, with whether a complaint or report was found true.
    public static func reply(_ complaint: Complaint, text: String, finding: ComplaintFinding?, now: Int64, by actor: CaseActor) throws -> Complaint {
        guard complaint.state == .assigned else { throw CaseRuleError.notAllowed("当前为“\(complaint.state.label)”，不能答复") }
        guard complaint.isOwned(by: actor) else { throw CaseRuleError.forbidden("该\(complaint.kind.label)由\(complaint.department.map { "部门 \($0)" } ?? "服务中心")答复") }
        var c = ProblemCollector()
        c.requireText("reply", text, label: "答复", maxLength: 2_000)
        if complaint.kind.findsFacts && finding == nil { c.add("finding", "请说明\(complaint.kind.label)是否属实") }
        try c.throwIfAny()
        var next = complaint
        next.reply = text.trimmingWhitespace()
        next.finding = complaint.kind.findsFacts ? finding : nil
        next.repliedAt = now
        next.state = .replied
        next.revision += 1
        next.steps.append(ComplaintStep(action: "reply", step: "答复" + (next.finding.map { "（\($0.label)）" } ?? ""), at: now,
                                        actor: "\(actor.name)（\(actor.staffNumber)）", text: next.reply ?? ""))
        return next
    }

    /// The complainant's word on the reply: it ends the matter.
    public static func rate(_ complaint: Complaint, satisfied: Bool, comment: String, now: Int64) throws -> Complaint {
        guard complaint.state == .replied else { throw CaseRuleError.notAllowed("答复后才能评价") }
        var c = ProblemCollector()
        c.limitText("comment", comment, label: "意见", maxLength: 500)
        if !satisfied && comment.trimmingWhitespace().isEmpty { c.add("comment", "不满意请说明原因") }
        try c.throwIfAny()
        var next = complaint
        next.satisfied = satisfied
        next.ratingComment = comment.trimmingWhitespace().isEmpty ? nil : comment.trimmingWhitespace()
        next.state = .closed
        next.revision += 1
        next.steps.append(ComplaintStep(action: "rate", step: satisfied ? "来件人对答复满意" : "来件人对答复不满意", at: now, actor: "来件人",
                                        text: next.ratingComment ?? ""))
        return next
    }

    /// The number a complaint is quoted by: `TS`, the day received, its id in six digits.
    public static func number(id: Int64, receivedOn: CivilDate) -> String {
        let digits = String(id)
        return "TS" + receivedOn.description.filter { $0 != "-" } + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
