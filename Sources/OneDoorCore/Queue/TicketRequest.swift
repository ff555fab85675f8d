/// What a kiosk or the API asks for: a ticket of a queue in the holder's real name.
public struct TicketRequest: Sendable, Hashable {
    public var queue: QueueCode
    public var documentType: DocumentType
    public var documentNumber: String
    /// A lane the holder claims (disabled, pregnant, enterprise); the elderly lane is given from the ID.
    public var priority: PriorityLane?
    /// A mobile number the holder leaves to be told by SMS when three people wait ahead
    /// (``TicketMessages``), so they need not sit by the screen; optional.
    public var phone: String?

    public init(queue: QueueCode, documentType: DocumentType, documentNumber: String, priority: PriorityLane? = nil, phone: String? = nil) {
        self.queue = queue
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.priority = priority
        self.phone = phone
    }

    /// The checked request: the number normalised, the lane decided; every problem at once.
    ///
    /// A resident ID (GB 11643) or residence permit must be valid; a passport or other
    /// document needs a number. A holder of `policy.elderlyAge` or more gets the elderly lane
    /// unless they claimed another.
    public func checked(queues: [HallQueue], policy: TicketPolicy, today: CivilDate) throws(ValidationFailed) -> TicketRequest {
        var c = ProblemCollector()
        var request = self
        if !queues.contains(where: { $0.code == queue }) {
            c.add("queue", queue.isEmpty ? "请选择业务类型" : "本中心没有“\(queue)”队列")
        }
        let (normalized, residentID) = documentType.checkedNumber(documentNumber, today: today, into: &c)
        request.documentNumber = normalized
        let age = residentID.flatMap { check in check.isValid ? check.birthDate.map { ResidentID.age(born: $0, on: today) } : nil }
        switch (priority, age) {
        case (nil, let age?) where age >= policy.elderlyAge:
            request.priority = .elderly
        case (.elderly?, nil) where residentID == nil:
            c.add("priority", "老年人优先由身份证号码中的出生日期确定，请使用居民身份证取号")
        case (.elderly?, let age?) where age < policy.elderlyAge:
            c.add("priority", "老年人优先通道适用于 \(policy.elderlyAge) 周岁及以上")
        default:
            break
        }
        if let phone = phone?.trimmingWhitespace(), !phone.isEmpty {
            request.phone = CaseMessages.mobile(phone)
            if request.phone == nil { c.add("phone", "手机号码应为 11 位手机号，用于叫号提醒；不需要提醒可不填") }
        } else {
            request.phone = nil
        }
        try c.throwIfAny()
        return request
    }
}
