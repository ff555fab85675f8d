import Foundation
import OneDoorCore
@testable import OneDoorServices
@testable import OneDoorSMTP
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// E-mail through our SMTP client (ADR 0023) to aiosmtpd, a real SMTP server in another process
/// (`tests/doubles/smtp_server.py`) that requires STARTTLS and AUTH, as a submission server does.
@Suite(.serialized) struct EmailSenderTests {
    static let morning: Int64 = 1_790_560_800

    struct Received: Decodable {
        let messageId: String, from: String, to: [String], subject: String, body: String, tls: Bool, duplicate: Bool
    }

    /// A started server and where it writes what it receives.
    struct Server {
        let process: DoubleProcess
        let directory: URL
        var log: URL { directory.appendingPathComponent("mail.jsonl") }
        var certificate: String { directory.appendingPathComponent("cert.pem").path }

        init(plain: Bool = false) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("onedoor-smtp-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            process = try DoubleProcess(script: "smtp_server.py", arguments: [
                "--cert-dir", directory.path, "--user", "notify@zwfw.example.cn", "--password", "s3cret-pass",
                "--log", directory.appendingPathComponent("mail.jsonl").path,
            ] + (plain ? ["--plain"] : []))
        }

        func received() throws -> [Received] {
            guard let data = try? Data(contentsOf: log) else { return [] }
            return try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(Received.self, from: Data($0)) }
        }

        func sender(password: String = "s3cret-pass", security: SMTPConfiguration.Security = .startTLS) throws -> EmailSender {
            try EmailSender(configuration: EmailConfiguration(
                smtp: SMTPConfiguration(host: "localhost", port: process.port, security: security, username: "notify@zwfw.example.cn",
                                        password: password, trustRootsFile: certificate, timeout: .seconds(10)),
                fromAddress: "notify@zwfw.example.cn", fromName: "禅城区政务服务中心"))
        }

        func stop() {
            process.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static func message(_ n: Int, to: String) -> OutgoingMessage {
        OutgoingMessage(key: "case:T-\(n):accepted:email", channel: .email, recipient: to, template: "case-accepted",
                        subject: "办件受理通知（办件号T-\(n)）", body: "您申请的食品经营许可（新办）已受理。\n.\n这一行以点开头。")
    }

    @Test(arguments: TestDatabaseKind.available)
    func everyMessageArrivesOverTLSWithItsWords(_ kind: TestDatabaseKind) async throws {
        let server = try Server()
        defer { server.stop() }
        try await withTestDatabase(kind) { database in
            let clock = FixedClock(Self.morning)
            let outbox = OutboxRepository(database: database, policy: DispatchPolicy(backoff: [30]))
            let service = NotificationService(repository: outbox, senders: [.email: try server.sender()], clock: clock, parallel: 4)
            let messages = (1...12).map { Self.message($0, to: "citizen\($0)@example.cn") }
            try await outbox.enqueue(messages, at: clock.now())
            #expect(try await service.dispatchOnce() == 12)
            // A session that timed out on a loaded machine is retried after its backoff, as in
            // production: what counts is that every message arrives, over TLS, under its own ID.
            var rounds = 0
            while try await outbox.list(state: .sent, limit: 20, offset: 0).total < 12, rounds < 5 {
                rounds += 1
                clock.advance(by: 31)
                _ = try await service.dispatchOnce()
            }
            let received = try server.received()
            #expect(received.allSatisfy(\.tls) && received.count >= 12)
            #expect(Set(received.map(\.messageId)).count == 12)
            #expect(rounds > 0 || received.allSatisfy { !$0.duplicate }, "nothing is sent twice unless a session failed")
            let first = try #require(received.first { $0.to == ["citizen1@example.cn"] })
            #expect(first.subject == "办件受理通知（办件号T-1）")
            #expect(first.from == "notify@zwfw.example.cn")
            // The dot that starts a line is the message's, not the end of the data.
            #expect(first.body.replacingOccurrences(of: "\r\n", with: "\n") == "您申请的食品经营许可（新办）已受理。\n.\n这一行以点开头。")
            #expect(try await outbox.list(state: .sent, limit: 20, offset: 0).total == 12)
        }
    }

    @Test func aMessageSentAgainKeepsItsMessageID() async throws {
        let server = try Server()
        defer { server.stop() }
        let sender = try server.sender()
        let message = OutboxMessage(id: 1, message: Self.message(1, to: "a@example.cn"), state: .queued, attempts: 0, notBefore: 0, createdAt: 0)
        #expect(await sender.send(message) == (await sender.send(message)))
        let received = try server.received()
        #expect(received.count == 2 && received[0].messageId == received[1].messageId && received[1].duplicate)
        #expect(received[0].messageId == "<\(EmailSender.messageID(key: message.message.key, fromAddress: "notify@zwfw.example.cn"))>")
    }

    @Test func refusalsAreSortedIntoRetryAndPermanent() async throws {
        let server = try Server()
        defer { server.stop() }
        func outcome(_ sender: EmailSender, to: String) async -> (reason: String, permanent: Bool)? {
            let message = OutboxMessage(id: 1, message: Self.message(2, to: to), state: .queued, attempts: 0, notBefore: 0, createdAt: 0)
            guard case .failed(let reason, let permanent) = await sender.send(message) else { return nil }
            return (reason, permanent)
        }
        // No such mailbox: for good.
        let noMailbox = await outcome(try server.sender(), to: "nobody@nobody.invalid")
        #expect(noMailbox?.permanent == true && noMailbox?.reason.contains("550") == true)
        // A wrong password is a configuration being fixed: retried, and the password is not in the reason.
        let badLogin = await outcome(try server.sender(password: "wrong-password"), to: "a@example.cn")
        #expect(badLogin?.permanent == false && badLogin?.reason.contains("wrong-password") == false)
        // An address that would smuggle a command: for good, and nothing sent.
        let smuggled = await outcome(try server.sender(), to: "a@example.cn>\r\nRCPT TO:<b@example.cn")
        #expect(smuggled?.permanent == true)
        // Nobody listening: retried.
        let closed = try EmailSender(configuration: EmailConfiguration(
            smtp: SMTPConfiguration(host: "localhost", port: 1, trustRootsFile: server.certificate, timeout: .seconds(2)),
            fromAddress: "notify@zwfw.example.cn", fromName: "中心"))
        #expect(await outcome(closed, to: "a@example.cn")?.permanent == false)
        #expect(try server.received().isEmpty)
    }

    @Test func credentialsAreNeverSentWithoutTLS() async throws {
        // A server that offers no STARTTLS: the client stops before AUTH.
        let server = try Server(plain: true)
        defer { server.stop() }
        let message = OutboxMessage(id: 1, message: Self.message(3, to: "a@example.cn"), state: .queued, attempts: 0, notBefore: 0, createdAt: 0)
        guard case .failed(let reason, let permanent) = await (try server.sender()).send(message) else {
            Issue.record("sent without TLS")
            return
        }
        #expect(!permanent && reason.contains("STARTTLS"))
        #expect(try server.received().isEmpty)
    }
}

/// The SMTP client's pure parts: replies, encoded words, the message's shape.
@Suite struct SMTPFormatTests {
    @Test func repliesParseAndHostileOnesAreRefused() {
        #expect(SMTPReplyDecoder.parse(line: "250-SIZE 1000", pendingCode: nil, pendingLines: 0) == .continuation(code: 250, text: "SIZE 1000"))
        #expect(SMTPReplyDecoder.parse(line: "250 OK", pendingCode: 250, pendingLines: 1) == .last(code: 250, text: "OK"))
        #expect(SMTPReplyDecoder.parse(line: "220", pendingCode: nil, pendingLines: 0) == .last(code: 220, text: ""))
        for bad in ["", "25", "abc hello", "650 no such class", "250xOK"] {
            guard case .malformed = SMTPReplyDecoder.parse(line: bad, pendingCode: nil, pendingLines: 0) else {
                Issue.record("\(bad) was taken")
                continue
            }
        }
        // A code that changes mid-reply, and a reply without end.
        guard case .malformed = SMTPReplyDecoder.parse(line: "251 OK", pendingCode: 250, pendingLines: 1),
              case .malformed = SMTPReplyDecoder.parse(line: "250-x", pendingCode: 250, pendingLines: SMTPReplyDecoder.maximumLines) else {
            Issue.record("a broken reply was taken")
            return
        }
    }

    @Test func encodedWordsStayShortAndDecodeBack() throws {
        let subject = String(repeating: "一件事一次办，", count: 12)
        let words = MailMessage.encodedWords(subject)
        #expect(words.count > 1 && words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        let decoded = try words.map { word -> String in
            let base64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return String(decoding: try #require(Data(base64Encoded: String(base64))), as: UTF8.self)
        }.joined()
        #expect(decoded == subject)
        #expect(MailMessage.encodedWords("Plain ASCII") == ["Plain ASCII"])
        // A line end in a subject cannot start a header of its own.
        #expect(MailMessage.encodedWords("a\r\nBcc: x@y").joined().contains("\r\n") == false)
    }

    @Test func addressesWithCommandCharactersAreRefused() {
        #expect(MailMessage.isValidAddress("zhang.san@example.cn"))
        for bad in ["", "a", "@example.cn", "a@", "a@@b.cn", "a b@c.cn", "a@b.cn>", "a@b.cn\r\nRCPT TO:<c@d.cn", "张三@example.cn"] {
            #expect(!MailMessage.isValidAddress(bad), "\(bad)")
        }
    }

    @Test func dotsAtLineStartAreDoubled() {
        #expect(MailMessage.dotStuffed(Array(".a\r\n.\r\nb.c\r\n".utf8)) == Array("..a\r\n..\r\nb.c\r\n".utf8))
    }
}
