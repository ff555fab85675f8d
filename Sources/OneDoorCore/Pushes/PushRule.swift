/// What happened that a push rule listens for (issue 17 §3).
public enum PushTrigger: Sendable, Hashable, Codable {
    /// A case of the item concluded with 准予.
    case concluded(ItemCode)
    /// A case of the item was accepted.
    case accepted(ItemCode)
    /// A licence of the type was issued to the holder.
    case licenceIssued(String)
    /// The person reached the age (from the birth date in their ID number).
    case birthday(Int)
    /// A valid licence of the type held by the holder expires in so many days (a daily sweep).
    case licenceExpiring(String, days: Int)
    /// A field of the holder's base record (``PersonField`` or ``EnterpriseField`` raw value)
    /// took a new value, replacing another (a new phone, a new residence address).
    case recordChanged(String)

    /// The index key an event of the same kind and subject carries.
    public var key: String {
        switch self {
        case .concluded(let item): "concluded:" + item.rawValue
        case .accepted(let item): "accepted:" + item.rawValue
        case .licenceIssued(let type): "licence:" + type
        case .birthday(let age): "birthday:\(age)"
        case .licenceExpiring(let type, let days): "expiring:\(type):\(days)"
        case .recordChanged(let field): "record:" + field
        }
    }

    private enum CodingKeys: String, CodingKey { case on, item, licenceType, age, days, field }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .on) {
        case "concluded": self = .concluded(try c.decode(ItemCode.self, forKey: .item))
        case "accepted": self = .accepted(try c.decode(ItemCode.self, forKey: .item))
        case "licence-issued": self = .licenceIssued(try c.decode(String.self, forKey: .licenceType))
        case "birthday": self = .birthday(try c.decode(Int.self, forKey: .age))
        case "licence-expiring": self = .licenceExpiring(try c.decode(String.self, forKey: .licenceType), days: try c.decode(Int.self, forKey: .days))
        case "record-changed": self = .recordChanged(try c.decode(String.self, forKey: .field))
        case let other: throw DecodingError.dataCorruptedError(forKey: .on, in: c, debugDescription: "unknown trigger \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .concluded(let item): try c.encode("concluded", forKey: .on); try c.encode(item, forKey: .item)
        case .accepted(let item): try c.encode("accepted", forKey: .on); try c.encode(item, forKey: .item)
        case .licenceIssued(let type): try c.encode("licence-issued", forKey: .on); try c.encode(type, forKey: .licenceType)
        case .birthday(let age): try c.encode("birthday", forKey: .on); try c.encode(age, forKey: .age)
        case .licenceExpiring(let type, let days):
            try c.encode("licence-expiring", forKey: .on)
            try c.encode(type, forKey: .licenceType)
            try c.encode(days, forKey: .days)
        case .recordChanged(let field): try c.encode("record-changed", forKey: .on); try c.encode(field, forKey: .field)
        }
    }
}

/// A condition on the holder, read from what is always known of them: a person's ID number
/// (birth date, sex) — so that a rule is decided the same way on every server and replay.
public enum PushCondition: Sendable, Hashable, Codable {
    /// Aged at least this many full years on the day of the event.
    case ageAtLeast(Int)
    /// Younger than this many full years.
    case ageBelow(Int)
    /// Female (the push about maternity goes to the mother).
    case female

    public func holds(_ facts: PushHolderFacts, on day: CivilDate) -> Bool {
        switch self {
        case .ageAtLeast(let years): facts.age(on: day).map { $0 >= years } ?? false
        case .ageBelow(let years): facts.age(on: day).map { $0 < years } ?? false
        case .female: facts.female == true
        }
    }

    private enum CodingKeys: String, CodingKey { case ageAtLeast, ageBelow, female }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let years = try c.decodeIfPresent(Int.self, forKey: .ageAtLeast) { self = .ageAtLeast(years) }
        else if let years = try c.decodeIfPresent(Int.self, forKey: .ageBelow) { self = .ageBelow(years) }
        else if try c.decodeIfPresent(Bool.self, forKey: .female) == true { self = .female }
        else { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a condition is ageAtLeast, ageBelow or female")) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .ageAtLeast(let years): try c.encode(years, forKey: .ageAtLeast)
        case .ageBelow(let years): try c.encode(years, forKey: .ageBelow)
        case .female: try c.encode(true, forKey: .female)
        }
    }
}

/// What a rule pushes: an item, or a whole theme.
public enum PushTarget: Sendable, Hashable, Codable {
    case item(ItemCode)
    case theme(String)

    public var key: String {
        switch self {
        case .item(let code): "item:" + code.rawValue
        case .theme(let code): "theme:" + code
        }
    }

    private enum CodingKeys: String, CodingKey { case item, theme }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let item = try c.decodeIfPresent(ItemCode.self, forKey: .item) { self = .item(item) }
        else { self = .theme(try c.decode(String.self, forKey: .theme)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .item(let code): try c.encode(code, forKey: .item)
        case .theme(let code): try c.encode(code, forKey: .theme)
        }
    }
}

/// 推送办 (issue 17 §3): when `trigger` happens to a holder for whom every condition holds, the
/// targets are pushed to them with the reason, and a deadline where the law sets one.
public struct PushRule: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var stage: LifeStage
    public var trigger: PushTrigger
    public var conditions: [PushCondition]
    public var targets: [PushTarget]
    /// Told to the holder: why this is for them now.
    public var reason: String
    /// Calendar days from the event within which the law wants it done (户口登记: 30 days of birth).
    public var deadlineDays: Int?

    public init(code: String, name: String, stage: LifeStage, trigger: PushTrigger, conditions: [PushCondition] = [], targets: [PushTarget],
                reason: String, deadlineDays: Int? = nil) {
        self.code = code
        self.name = name
        self.stage = stage
        self.trigger = trigger
        self.conditions = conditions
        self.targets = targets
        self.reason = reason
        self.deadlineDays = deadlineDays
    }

    private enum CodingKeys: String, CodingKey { case code, name, stage, trigger, conditions, targets, reason, deadlineDays }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(code: try c.decode(String.self, forKey: .code), name: try c.decode(String.self, forKey: .name),
                  stage: try c.decode(LifeStage.self, forKey: .stage), trigger: try c.decode(PushTrigger.self, forKey: .trigger),
                  conditions: try c.decodeIfPresent([PushCondition].self, forKey: .conditions) ?? [],
                  targets: try c.decode([PushTarget].self, forKey: .targets), reason: try c.decode(String.self, forKey: .reason),
                  deadlineDays: try c.decodeIfPresent(Int.self, forKey: .deadlineDays))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encode(stage, forKey: .stage)
        try c.encode(trigger, forKey: .trigger)
        if !conditions.isEmpty { try c.encode(conditions, forKey: .conditions) }
        try c.encode(targets, forKey: .targets)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(deadlineDays, forKey: .deadlineDays)
    }
}
