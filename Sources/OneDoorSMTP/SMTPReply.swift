import NIOCore

/// One reply of an SMTP server (RFC 5321 §4.2): a three-digit code and its text lines. A
/// multi-line reply ("250-…" lines, then "250 …") is one reply.
public struct SMTPReply: Sendable, Hashable {
    public var code: Int
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2xx and 3xx: the server goes on.
    public var isPositive: Bool { (200..<400).contains(code) }
    /// 5xx: the same command will fail again (a mailbox that does not exist, a refused sender).
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    public var text: String { lines.joined(separator: " ") }
}

/// Cuts the byte stream into replies. Lines end in CRLF (a bare LF is taken too, as servers
/// in the wild send it); a line is at most 4,096 bytes and a reply at most 100 lines, so a
/// hostile server cannot make the client hold unbounded memory.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    static let maximumLineLength = 4_096
    static let maximumLines = 100

    private var pending: [String] = []
    private var pendingCode: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let line = try Self.readLine(&buffer) else { return .needMoreData }
        switch Self.parse(line: line, pendingCode: pendingCode, pendingLines: pending.count) {
        case .continuation(let code, let text):
            pendingCode = code
            pending.append(text)
        case .last(let code, let text):
            let reply = SMTPReply(code: code, lines: pending + [text])
            pending = []
            pendingCode = nil
            context.fireChannelRead(Self.wrapInboundOut(reply))
        case .malformed(let why):
            throw SMTPError.protocolViolation(why)
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// One line without its line end, or nil when the buffer holds no complete line yet.
    static func readLine(_ buffer: inout ByteBuffer) throws -> String? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > maximumLineLength { throw SMTPError.protocolViolation("reply line longer than \(maximumLineLength) bytes") }
            return nil
        }
        let length = newline - view.startIndex
        guard length <= maximumLineLength else { throw SMTPError.protocolViolation("reply line longer than \(maximumLineLength) bytes") }
        var bytes = buffer.readBytes(length: length + 1) ?? []
        bytes.removeLast()
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    enum Line: Equatable {
        case continuation(code: Int, text: String)
        case last(code: Int, text: String)
        case malformed(String)
    }

    /// "250-SIZE 1000" continues a reply, "250 OK" ends it; every line of one reply has the
    /// same code.
    static func parse(line: String, pendingCode: Int?, pendingLines: Int) -> Line {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(bytes[0]) else {
            return .malformed("not a reply line: \(line.prefix(40))")
        }
        let code = bytes[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        if let pendingCode, pendingCode != code { return .malformed("reply code changed from \(pendingCode) to \(code)") }
        let text = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") {
            guard pendingLines < maximumLines else { return .malformed("reply longer than \(maximumLines) lines") }
            return .continuation(code: code, text: text)
        }
        guard bytes.count == 3 || bytes[3] == UInt8(ascii: " ") else { return .malformed("not a reply line: \(line.prefix(40))") }
        return .last(code: code, text: text)
    }
}

/// What can go wrong talking to an SMTP server.
public enum SMTPError: Error, Sendable, CustomStringConvertible {
    /// The server answered `reply` to `command`.
    case rejected(command: String, reply: SMTPReply)
    /// STARTTLS was required and the server does not offer it.
    case startTLSUnavailable
    /// Credentials were configured and the server offers no mechanism we speak.
    case noAuthMechanism(offered: String)
    /// The server broke the protocol (a malformed or oversized reply).
    case protocolViolation(String)
    /// The connection closed before the conversation ended.
    case connectionClosed
    /// An address with characters that could smuggle commands or headers.
    case invalidAddress(String)

    /// Whether sending the same message again will fail the same way.
    public var isPermanent: Bool {
        switch self {
        case .rejected(let command, let reply):
            // A refused recipient or sender is for good; a refused login is a configuration
            // being fixed, retried.
            return reply.isPermanentFailure && !command.hasPrefix("AUTH")
        case .invalidAddress: return true
        case .startTLSUnavailable, .noAuthMechanism, .protocolViolation, .connectionClosed: return false
        }
    }

    public var description: String {
        switch self {
        case .rejected(let command, let reply): "\(command) → \(reply.code) \(reply.text.prefix(200))"
        case .startTLSUnavailable: "server does not offer STARTTLS"
        case .noAuthMechanism(let offered): "no AUTH mechanism in common (server offers: \(offered))"
        case .protocolViolation(let why): "protocol violation: \(why)"
        case .connectionClosed: "connection closed"
        case .invalidAddress(let address): "invalid address: \(address.prefix(80))"
        }
    }
}
