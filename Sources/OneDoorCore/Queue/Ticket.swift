/// Where a ticket is in its day.
public enum TicketState: String, Sendable, Codable, CaseIterable {
    /// In the queue.
    case waiting
    /// Called to a window; the holder is on the way.
    case called
    /// At the window, being served.
    case serving
    /// Put aside at a window (the holder fetches a document) and resumed by the same window.
    case parked
    case finished
    /// Called the maximum number of times without coming, or marked absent by the window (过号).
    case noShow = "no-show"

    public var label: String {
        switch self {
        case .waiting: "等候中"
        case .called: "已叫号"
        case .serving: "办理中"
        case .parked: "暂挂"
        case .finished: "已办结"
        case .noShow: "过号"
        }
    }

    /// Whether the ticket still holds its place (one such ticket per person and queue).
    public var isOpen: Bool { self == .waiting || self == .called || self == .parked || self == .serving }
}

/// A priority lane (优先通道); the kiosk asks, the window verifies.
public enum PriorityLane: String, Sendable, Codable, CaseIterable {
    /// Given by the ticket machine from the birth date in the resident ID.
    case elderly
    case disabled
    case pregnant
    /// 企业绿色通道.
    case enterprise

    public var label: String {
        switch self {
        case .elderly: "老年人"
        case .disabled: "残疾人"
        case .pregnant: "孕妇"
        case .enterprise: "企业绿色通道"
        }
    }
}

/// The lane a waiting ticket is called from: appointments checked in on time first, then the
/// priority lanes interleaved with the ordinary one (`CallingRule`). Stored as its number.
public enum TicketLane: Int, Sendable, Codable, Comparable {
    case ordinary = 0
    case priority = 1
    case appointment = 2

    public static func < (a: TicketLane, b: TicketLane) -> Bool { a.rawValue < b.rawValue }
}

/// A queue ticket (排队号), issued in the holder's real name (实名制取号).
public struct Ticket: Sendable, Hashable, Codable {
    /// Opaque and unguessable: it is printed on the ticket and opens its status page.
    public var id: String
    public var hall: HallCode
    public var queue: QueueCode
    /// The day it was issued on (Asia/Shanghai); numbers start again each day.
    public var day: CivilDate
    public var number: String
    public var documentType: DocumentType
    /// Normalised, as `Person` keeps it; masked wherever lists or logs show it.
    public var documentNumber: String
    public var priority: PriorityLane?
    public var state: TicketState
    /// Seconds since the epoch; kept when the ticket is transferred, so it keeps its place in time.
    public var issuedAt: Int64
    /// The window that called it last.
    public var window: WindowNumber?
    /// How many times it was called since it last entered a queue.
    public var calls: Int
    public var calledAt: Int64?
    /// The case opened from it at the window, if any.
    public var caseNumber: CaseNumber?
    /// The appointment it was given for, when checked in within the grace around its slot
    /// (a late check-in gets an ordinary ticket, which the appointment still names).
    public var appointment: String?
    /// The mobile number the holder left to be told when their turn is near; personal data,
    /// never shown in lists or on screens.
    public var notifyPhone: String?

    public init(
        id: String, hall: HallCode, queue: QueueCode, day: CivilDate, number: String, documentType: DocumentType,
        documentNumber: String, priority: PriorityLane? = nil, state: TicketState = .waiting, issuedAt: Int64,
        window: WindowNumber? = nil, calls: Int = 0, calledAt: Int64? = nil, caseNumber: CaseNumber? = nil, appointment: String? = nil,
        notifyPhone: String? = nil
    ) {
        self.notifyPhone = notifyPhone
        self.id = id
        self.hall = hall
        self.queue = queue
        self.day = day
        self.number = number
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.priority = priority
        self.state = state
        self.issuedAt = issuedAt
        self.window = window
        self.calls = calls
        self.calledAt = calledAt
        self.caseNumber = caseNumber
        self.appointment = appointment
    }

    public var lane: TicketLane { appointment != nil ? .appointment : priority != nil ? .priority : .ordinary }

    /// The holder's key for the anti-scalping limits: one person, whatever the spelling.
    public var holderKey: String { documentType.holderKey(documentNumber) }

    /// The document number as lists show it (``DocumentType/masked(_:)``).
    public var maskedDocumentNumber: String { documentType.masked(documentNumber) }
}
