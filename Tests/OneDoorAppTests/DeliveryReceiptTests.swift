import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// Delivery reports from the SMS gateway (issue 15 §5, ADR 0023): signed with the gateway's key,
/// fresh, naming a sent message by the gateway's reference; the message becomes delivered, or
/// failed with the gateway's reason.
@Suite struct DeliveryReceiptTests {
    static let key = "receipt-test-gateway-key-01"

    static func post(_ client: any TestClientProtocol, reference: String, status: String, timestamp: Int64, key: String = key) async throws -> TestResponse {
        let signature = HTTPSMSGateway.receiptSignature(timestamp: String(timestamp), reference: reference, status: status, key: key)
        return try await client.execute(
            uri: "/api/v1/outbox/receipts", method: .post,
            headers: [.contentType: "application/json", .init("X-OneDoor-Timestamp")!: String(timestamp), .init("X-OneDoor-Signature")!: signature],
            body: ByteBuffer(string: #"{"reference":"\#(reference)","status":"\#(status)","detail":"用户关机"}"#))
    }

    @Test(arguments: TestDatabaseKind.available)
    func signedFreshReportsMarkTheMessage(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start)
        try await TestApp.run(kind, clock: clock, configure: {
            // Nothing listens there: the dispatcher's sends fail and are retried; the test records its own.
            $0.smsGateway = SMSGatewayConfiguration(url: "http://127.0.0.1:1/sms", key: Self.key, signature: "禅城政务")
        }) { client, app in
            let outbox = app.services.notifications.repository
            try await outbox.enqueue([
                OutgoingMessage(key: "t:1", channel: .sms, recipient: "13800138000", template: "t", body: "一"),
                OutgoingMessage(key: "t:2", channel: .sms, recipient: "13800138001", template: "t", body: "二"),
            ], at: clock.now())
            for (key, reference) in [("t:1", "gw-1"), ("t:2", "gw-2")] {
                let id = try #require(try await outbox.find(key: key)).id
                try await outbox.record(id, .sent(reference: reference), at: clock.now())
            }
            // Wrong key, stale, or from the future: refused, nothing changed.
            #expect(try await Self.post(client, reference: "gw-1", status: "delivered", timestamp: clock.now(), key: "another-key-of-16ch").status == .unauthorized)
            #expect(try await Self.post(client, reference: "gw-1", status: "delivered", timestamp: clock.now() - 301).status == .unauthorized)
            #expect(try await Self.post(client, reference: "gw-1", status: "delivered", timestamp: clock.now() + 301).status == .unauthorized)
            #expect(try await outbox.find(key: "t:1")?.state == .sent)
            // Good reports.
            #expect(try await Self.post(client, reference: "gw-1", status: "delivered", timestamp: clock.now()).status == .noContent)
            #expect(try await Self.post(client, reference: "gw-2", status: "failed", timestamp: clock.now()).status == .noContent)
            #expect(try await outbox.find(key: "t:1")?.state == .delivered)
            let failed = try #require(try await outbox.find(key: "t:2"))
            #expect(failed.state == .failed && failed.lastError == "网关回执：用户关机")
            // An unknown reference: 404.
            #expect(try await Self.post(client, reference: "gw-404", status: "delivered", timestamp: clock.now()).status == .notFound)
        }
    }

    @Test func withoutAGatewayNoReportIsTaken() async throws {
        try await TestApp.run(.sqlite) { client, _ throws in
            #expect(try await Self.post(client, reference: "gw-1", status: "delivered", timestamp: TestApp.start).status == .notFound)
        }
    }
}
