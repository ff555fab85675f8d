import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import OneDoorCore

/// Where and how to reach an SMS provider's HTTP API (ADR 0023).
public struct SMSGatewayConfiguration: Sendable, Hashable {
    /// The provider's send endpoint (`https://…/sms`).
    public var url: String
    /// The shared secret: it signs each request and is never sent.
    public var key: String
    /// The signature name (短信签名) the provider prints before every text, e.g. "禅城政务".
    public var signature: String
    public var timeout: Duration

    public init(url: String, key: String, signature: String, timeout: Duration = .seconds(10)) {
        self.url = url
        self.key = key
        self.signature = signature
        self.timeout = timeout
    }
}

/// Sends SMS through a provider's HTTP API (ADR 0023):
///
///     POST <url>
///     Content-Type: application/json
///     Idempotency-Key: <the outbox key>
///     X-OneDoor-Timestamp: <epoch seconds>
///     X-OneDoor-Signature: hex(HMAC-SHA256(key, timestamp + "\n" + body))
///     {"id": <the outbox key>, "to": "13800138000", "sign": "禅城政务", "text": "…"}
///
/// A 2xx answer is sent (its JSON `id`, if any, is the provider's reference). A 4xx other than
/// 401, 403, 408 and 429 is the provider refusing this message for good (空号, a blocked
/// number, text it will not carry): failed, not retried. Anything else — 5xx, a timeout, no
/// connection, a refused signature (the key is being changed) — is retried after the backoff.
/// The idempotency key makes a retry after a crash land once on the phone.
public struct HTTPSMSGateway: MessageSender {
    let configuration: SMSGatewayConfiguration
    let client: HTTPClient

    public init(configuration: SMSGatewayConfiguration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
    }

    public func send(_ message: OutboxMessage) async -> SendOutcome {
        let body = Self.body(message, signature: configuration.signature)
        let timestamp = String(Int64(Date().timeIntervalSince1970))
        var request = HTTPClientRequest(url: configuration.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "Idempotency-Key", value: message.message.key)
        request.headers.add(name: "X-OneDoor-Timestamp", value: timestamp)
        request.headers.add(name: "X-OneDoor-Signature", value: Self.signature(body: body, timestamp: timestamp, key: configuration.key))
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .init(configuration.timeout))
            let answer = try await response.body.collect(upTo: 64 << 10)
            return Self.outcome(status: Int(response.status.code), body: Data(buffer: answer))
        } catch {
            return .failed(reason: "短信网关无法访问：\(String(describing: error).prefix(200))", permanent: false)
        }
    }

    /// The request body: JSON with the key, number, signature name and text.
    static func body(_ message: OutboxMessage, signature: String) -> [UInt8] {
        struct Body: Encodable {
            let id: String, to: String, sign: String, text: String
        }
        let body = Body(id: message.message.key, to: message.message.recipient, sign: signature, text: message.message.body)
        // Encoding four strings cannot fail.
        return Array((try? encoder.encode(body)) ?? Data())
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// hex(HMAC-SHA256(key, timestamp + "\n" + body)): the provider knows the request came from
    /// us and was not replayed with another body; the key never travels.
    static func signature(body: [UInt8], timestamp: String, key: String) -> String {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: Array(key.utf8)))
        mac.update(data: Array(timestamp.utf8))
        mac.update(data: [UInt8(ascii: "\n")])
        mac.update(data: body)
        return Hex.string(mac.finalize())
    }

    /// A delivery report's signature: hex(HMAC-SHA256(key, timestamp "\n" reference "\n" status)).
    /// The fields, not the body, are signed, so the report may come as JSON in any layout.
    public static func receiptSignature(timestamp: String, reference: String, status: String, key: String) -> String {
        signature(body: Array("\(reference)\n\(status)".utf8), timestamp: timestamp, key: key)
    }

    /// What an answer of the provider means for the message.
    static func outcome(status: Int, body: Data) -> SendOutcome {
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        if (200..<300).contains(status) {
            return .sent(reference: (json?["id"] as? String).map { String($0.prefix(100)) })
        }
        let reason = (json?["reason"] as? String).map { String($0.prefix(200)) } ?? "HTTP \(status)"
        let permanent = (400..<500).contains(status) && ![401, 403, 408, 429].contains(status)
        return .failed(reason: "短信网关拒绝：\(reason)", permanent: permanent)
    }
}
