import AsyncHTTPClient
import Foundation
import NIOCore
import OneDoorCore
@testable import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// The HTTP SMS gateway adapter (ADR 0023) against the gateway double, a real HTTP server in
/// another process (`tests/doubles/sms_gateway.py`) that checks signatures, fails every third
/// request and delivers each idempotency key once.
@Suite(.serialized) struct SMSGatewayTests {
    static let morning: Int64 = 1_790_560_800
    static let key = "test-gateway-key-0123456789"

    struct Delivered: Decodable {
        struct Message: Decodable { let id: String, to: String, sign: String, text: String, ref: String }
        let messages: [Message]
        let requests: Int, failed: Int, duplicates: Int, badSignatures: Int
    }

    static func delivered(_ gateway: DoubleProcess) async throws -> Delivered {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(gateway.port)/messages"), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 16 << 20)
        return try JSONDecoder().decode(Delivered.self, from: Data(buffer: body))
    }

    static func sender(_ gateway: DoubleProcess, key: String = key) -> HTTPSMSGateway {
        HTTPSMSGateway(configuration: SMSGatewayConfiguration(url: "http://127.0.0.1:\(gateway.port)/sms", key: key, signature: "禅城政务"))
    }

    @Test(arguments: TestDatabaseKind.available)
    func everyMessageArrivesOnceThroughTheFlakyDouble(_ kind: TestDatabaseKind) async throws {
        let gateway = try DoubleProcess(script: "sms_gateway.py", arguments: ["--key", Self.key, "--fail-every", "3"])
        defer { gateway.stop() }
        try await withTestDatabase(kind) { database in
            let clock = FixedClock(Self.morning)
            let outbox = OutboxRepository(database: database, policy: DispatchPolicy(backoff: [30]))
            let service = NotificationService(repository: outbox, senders: [.sms: Self.sender(gateway)], clock: clock, parallel: 8)
            let messages = (1...150).map {
                OutgoingMessage(key: "case:T-\($0):accepted:sms", channel: .sms, recipient: "1380013\(String(format: "%04d", $0))",
                                template: "case-accepted", body: "您申请的事项已受理，办件号T-\($0)。")
            }
            try await outbox.enqueue(messages, at: clock.now())
            #expect(try await service.dispatchOnce(limit: 200) == 150)
            for _ in 0..<8 {
                clock.advance(by: 30)
                try await service.dispatchOnce(limit: 200)
            }
            let result = try await Self.delivered(gateway)
            #expect(result.messages.count == 150)
            #expect(Set(result.messages.map(\.id)) == Set(messages.map(\.key)))
            #expect(result.duplicates == 0 && result.badSignatures == 0)
            #expect(result.failed > 0 && result.requests == 150 + result.failed)
            for message in result.messages.prefix(5) {
                let sent = messages.first { $0.key == message.id }
                #expect(message.to == sent?.recipient && message.text == sent?.body && message.sign == "禅城政务")
            }
            #expect(try await outbox.list(state: .sent, limit: 200, offset: 0).total == 150)
            // The provider's reference is what each attempt recorded.
            let first = try #require(try await outbox.find(key: messages[0].key))
            let attempts = try await outbox.attempts(of: first.id)
            #expect(attempts.last?.outcome == "sent" && attempts.last?.detail.hasPrefix("gw-") == true)
        }
    }

    @Test func aResentKeyIsDeliveredOnce() async throws {
        // A server killed after the gateway took a message but before recording it sends the
        // message again when its claim runs out: the same key, which the gateway delivers once.
        let gateway = try DoubleProcess(script: "sms_gateway.py", arguments: ["--key", Self.key, "--fail-every", "0"])
        defer { gateway.stop() }
        let message = OutboxMessage(id: 7, message: OutgoingMessage(key: "code:1", channel: .sms, recipient: "13800138000", template: "t", body: "验证码"),
                                    state: .queued, attempts: 0, notBefore: 0, createdAt: 0)
        let first = await Self.sender(gateway).send(message)
        let second = await Self.sender(gateway).send(message)
        #expect(first == second)
        let result = try await Self.delivered(gateway)
        #expect(result.messages.count == 1 && result.duplicates == 1)
    }

    @Test func refusalsAreSortedIntoRetryAndPermanent() async throws {
        let gateway = try DoubleProcess(script: "sms_gateway.py", arguments: ["--key", Self.key, "--fail-every", "0"])
        defer { gateway.stop() }
        func message(_ to: String) -> OutboxMessage {
            OutboxMessage(id: 1, message: OutgoingMessage(key: "k-\(to)", channel: .sms, recipient: to, template: "t", body: "文本"),
                          state: .queued, attempts: 0, notBefore: 0, createdAt: 0)
        }
        // 空号: the provider refuses for good.
        guard case .failed(let reason, let permanent) = await Self.sender(gateway).send(message("19990000000")) else {
            Issue.record("an empty number was taken")
            return
        }
        #expect(permanent && reason.contains("空号"))
        // A wrong key (being rotated): retried, not given up.
        guard case .failed(_, let permanentAfterBadKey) = await Self.sender(gateway, key: "another-key").send(message("13800138000")) else {
            Issue.record("a bad signature was accepted")
            return
        }
        #expect(!permanentAfterBadKey)
        // Nobody listening: retried.
        let closed = HTTPSMSGateway(configuration: SMSGatewayConfiguration(url: "http://127.0.0.1:1/sms", key: Self.key, signature: "s", timeout: .seconds(2)))
        guard case .failed(_, let permanentWhenDown) = await closed.send(message("13800138000")) else {
            Issue.record("a send to a closed port succeeded")
            return
        }
        #expect(!permanentWhenDown)
        let result = try await Self.delivered(gateway)
        #expect(result.messages.isEmpty && result.badSignatures == 1)
    }

    @Test func theSignatureIsHMACOfTimestampAndBody() {
        // Computed independently with Python's hmac: HMAC-SHA256("key", "1\n{}").
        let signature = HTTPSMSGateway.signature(body: Array("{}".utf8), timestamp: "1", key: "key")
        #expect(signature == "26580996971a5c402bfec0b1f0122c5e4021123d46b5e5476ffac03d65e36ca8")
        #expect(signature != HTTPSMSGateway.signature(body: Array("{} ".utf8), timestamp: "1", key: "key"))
        #expect(signature != HTTPSMSGateway.signature(body: Array("{}".utf8), timestamp: "2", key: "key"))
    }
}
