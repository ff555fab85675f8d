import OneDoorCore

/// What one server tells the others sharing its database (ADR 0017): a change they hold a
/// cache or a live stream of. Each message names what to drop or wake, never the data itself,
/// so a lost message costs at most a cache's lifetime, never a wrong write.
public enum ClusterMessage: Hashable, Sendable {
    /// A hall's queues changed (a ticket issued, called, moved, finished): wake its screens.
    case hall(HallCode)
    /// A hall's queue configuration changed (a queue edited, a window's queues set).
    case queueConfiguration(HallCode)
    /// A case changed: its cached progress answer is stale.
    case caseChanged(CaseNumber)
    /// The catalogue or organisation changed: reload the snapshot.
    case catalog
    /// The working-day calendar changed: reload it.
    case calendar
    /// Accounts or sessions changed (sign-out, password, disabled): forget cached sessions.
    case sessions
    /// A kiosk was revoked: forget cached kiosks.
    case kiosks
    /// A licence was issued or its status changed: forget cached verifications.
    case licences

    /// One line of a notification's payload.
    public var line: String {
        switch self {
        case .hall(let code): "h " + code.rawValue
        case .queueConfiguration(let code): "q " + code.rawValue
        case .caseChanged(let number): "p " + number.rawValue
        case .catalog: "catalog"
        case .calendar: "calendar"
        case .sessions: "sessions"
        case .kiosks: "kiosks"
        case .licences: "licences"
        }
    }

    /// A line back into a message; nil for anything else (a newer server's message, say).
    public init?(line: Substring) {
        let parts = line.split(separator: " ", maxSplits: 1)
        switch (parts.first, parts.count == 2 ? String(parts[1]) : nil) {
        case ("h", let code?): self = .hall(HallCode(rawValue: code))
        case ("q", let code?): self = .queueConfiguration(HallCode(rawValue: code))
        case ("p", let number?): self = .caseChanged(CaseNumber(rawValue: number))
        case ("catalog", nil): self = .catalog
        case ("calendar", nil): self = .calendar
        case ("sessions", nil): self = .sessions
        case ("kiosks", nil): self = .kiosks
        case ("licences", nil): self = .licences
        default: return nil
        }
    }

    /// Payloads for `messages` from `server`: its id on the first line, then one message a line,
    /// each payload under PostgreSQL's 8,000-byte limit.
    public static func payloads(_ messages: [ClusterMessage], from server: String, limit: Int = 7_900) -> [String] {
        var payloads: [String] = []
        var current = server
        for line in messages.map(\.line) where line.utf8.count + server.utf8.count + 1 <= limit {
            if current.utf8.count + 1 + line.utf8.count > limit {
                payloads.append(current)
                current = server
            }
            current += "\n" + line
        }
        if current != server { payloads.append(current) }
        return payloads
    }

    /// The sender and messages of a payload.
    public static func parse(_ payload: String) -> (server: Substring, messages: [ClusterMessage]) {
        let lines = payload.split(separator: "\n")
        return (lines.first ?? "", lines.dropFirst().compactMap(ClusterMessage.init(line:)))
    }
}
