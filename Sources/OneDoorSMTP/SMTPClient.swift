import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how to reach the mail server.
public struct SMTPConfiguration: Sendable, Hashable {
    public enum Security: String, Sendable, Hashable {
        /// Plain connection upgraded with STARTTLS before anything else is said (port 587); the
        /// send fails if the server does not offer it.
        case startTLS = "starttls"
        /// TLS from the first byte (port 465).
        case tls
        /// No encryption: only for a relay on this machine.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// A PEM file of the certificates to trust instead of the system's (a private CA).
    public var trustRootsFile: String?
    /// The name this client gives in EHLO.
    public var clientName: String
    public var timeout: TimeAmount

    public init(host: String, port: Int, security: Security = .startTLS, username: String? = nil, password: String? = nil,
                trustRootsFile: String? = nil, clientName: String = "onedoor.localdomain", timeout: TimeAmount = .seconds(30)) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.trustRootsFile = trustRootsFile
        self.clientName = clientName
        self.timeout = timeout
    }
}

/// A small SMTP client (RFC 5321) on SwiftNIO: EHLO, STARTTLS (RFC 3207), AUTH PLAIN or LOGIN
/// (RFC 4954), one message per connection. Written here because no package in the mirror sends
/// mail (ADR 0023). Certificates are verified against the host name; credentials are never sent
/// before TLS unless the configuration says `.none`.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let sslContext: NIOSSLContext?

    public init(configuration: SMTPConfiguration) throws {
        self.configuration = configuration
        if configuration.security == .none {
            sslContext = nil
        } else {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.minimumTLSVersion = .tlsv12
            if let file = configuration.trustRootsFile { tls.trustRoots = .file(file) }
            sslContext = try NIOSSLContext(configuration: tls)
        }
    }

    /// Sends `message` to its recipient; throws ``SMTPError`` (or a connection or TLS error).
    public func send(_ message: MailMessage) async throws {
        guard MailMessage.isValidAddress(message.fromAddress) else { throw SMTPError.invalidAddress(message.fromAddress) }
        guard MailMessage.isValidAddress(message.to) else { throw SMTPError.invalidAddress(message.to) }
        let configuration = configuration
        let sslContext = sslContext
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(configuration.timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if configuration.security == .tls, let sslContext {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: sslContext, serverHostname: configuration.host))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let deadline = NIODeadline.now() + configuration.timeout
        // The whole conversation is bounded: a server that stops answering does not hold a
        // dispatcher's send for ever.
        let timeout = channel.channel.eventLoop.scheduleTask(deadline: deadline) { channel.channel.close(promise: nil) }
        defer { timeout.cancel() }
        try await channel.executeThenClose { inbound, outbound in
            var conversation = Conversation(replies: inbound.makeAsyncIterator(), outbound: outbound)
            try await conversation.expect(220, after: "greeting")
            var extensions = try await conversation.hello(configuration.clientName)
            if configuration.security == .startTLS {
                guard extensions.keys.contains("STARTTLS"), let sslContext else { throw SMTPError.startTLSUnavailable }
                try await conversation.command("STARTTLS", expect: 220)
                let host = configuration.host
                try await channel.channel.eventLoop.submit {
                    try channel.channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: sslContext, serverHostname: host), position: .first)
                }.get()
                // RFC 3207: everything learnt before TLS is forgotten.
                extensions = try await conversation.hello(configuration.clientName)
            }
            if let username = configuration.username, let password = configuration.password {
                try await conversation.authenticate(username: username, password: password, offered: extensions["AUTH"] ?? "")
            }
            try await conversation.command("MAIL FROM:<\(message.fromAddress)>", expect: 250)
            try await conversation.command("RCPT TO:<\(message.to)>", expect: 250, 251)
            try await conversation.command("DATA", expect: 354)
            try await conversation.data(message.formatted())
            // The message is the server's now; a failed QUIT changes nothing.
            _ = try? await conversation.command("QUIT", expect: 221)
        }
    }
}

/// One SMTP conversation: write a command, read its reply, check the code.
struct Conversation {
    var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    mutating func read() async throws -> SMTPReply {
        guard let reply = try await replies.next() else { throw SMTPError.connectionClosed }
        return reply
    }

    mutating func expect(_ codes: Int..., after command: String) async throws {
        let reply = try await read()
        guard codes.contains(reply.code) else { throw SMTPError.rejected(command: command, reply: reply) }
    }

    @discardableResult
    mutating func command(_ line: String, expect codes: Int..., shownAs shown: String? = nil) async throws -> SMTPReply {
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
        let reply = try await read()
        guard codes.contains(reply.code) else { throw SMTPError.rejected(command: shown ?? line, reply: reply) }
        return reply
    }

    /// EHLO, and the extensions the server names: keyword → parameters.
    mutating func hello(_ name: String) async throws -> [String: String] {
        let reply = try await command("EHLO \(name)", expect: 250)
        var extensions: [String: String] = [:]
        for line in reply.lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let keyword = parts.first else { continue }
            extensions[keyword.uppercased()] = parts.count > 1 ? String(parts[1]).uppercased() : ""
        }
        return extensions
    }

    /// AUTH PLAIN when offered, else LOGIN. The password never appears in an error.
    mutating func authenticate(username: String, password: String, offered: String) async throws {
        let mechanisms = offered.split(separator: " ").map(String.init)
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try await command("AUTH PLAIN \(token)", expect: 235, shownAs: "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            try await command("AUTH LOGIN", expect: 334)
            try await command(Data(username.utf8).base64EncodedString(), expect: 334, shownAs: "AUTH LOGIN (user)")
            try await command(Data(password.utf8).base64EncodedString(), expect: 235, shownAs: "AUTH LOGIN (password)")
        } else {
            throw SMTPError.noAuthMechanism(offered: offered)
        }
    }

    /// The message, already dot-stuffed and ending in CRLF, then ".".
    mutating func data(_ bytes: [UInt8]) async throws {
        var buffer = ByteBuffer(bytes: bytes)
        buffer.writeString(".\r\n")
        try await outbound.write(buffer)
        let reply = try await read()
        guard reply.code == 250 else { throw SMTPError.rejected(command: "DATA (end)", reply: reply) }
    }
}
