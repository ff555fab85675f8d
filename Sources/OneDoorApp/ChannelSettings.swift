import NIOCore
import OneDoorCore
import OneDoorServices
import OneDoorSMTP

/// The SMS gateway and the mail server, from settings named as their environment variables
/// (`ONEDOOR_SMS_URL` …; docs/configuration.md). A channel without its settings stays on the
/// built-in outbox (the demo's default); a channel with some of them names every one missing
/// or wrong, so a half-configured gateway does not start.
public enum ChannelSettings {
    public struct Problems: Error, CustomStringConvertible {
        public let problems: [String]
        public var description: String { problems.joined(separator: "；") }
    }

    public static let smsNames = ["ONEDOOR_SMS_URL", "ONEDOOR_SMS_KEY", "ONEDOOR_SMS_SIGNATURE"]
    public static let mailNames = ["ONEDOOR_SMTP_HOST", "ONEDOOR_SMTP_PORT", "ONEDOOR_SMTP_SECURITY", "ONEDOOR_SMTP_USER", "ONEDOOR_SMTP_PASSWORD",
                                   "ONEDOOR_SMTP_CA_FILE", "ONEDOOR_MAIL_FROM", "ONEDOOR_MAIL_FROM_NAME"]

    public static let dispatchNames = ["ONEDOOR_QUIET_HOURS", "ONEDOOR_RETRY_BACKOFF"]

    /// What the settings make: the two channels (nil: the built-in outbox) and when to send.
    public struct Resolved: Sendable {
        public var sms: SMSGatewayConfiguration?
        public var email: EmailConfiguration?
        public var policy: DispatchPolicy
    }

    public static func resolve(_ settings: [String: String]) throws -> Resolved {
        var problems: [String] = []
        func value(_ name: String) -> String? {
            settings[name].map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var sms: SMSGatewayConfiguration?
        if smsNames.contains(where: { value($0) != nil }) {
            let url = value("ONEDOOR_SMS_URL") ?? ""
            let lowered = url.lowercased()
            if !(lowered.hasPrefix("https://") || lowered.hasPrefix("http://")) || url.count > 500 || url.contains(where: \.isWhitespace) {
                problems.append("ONEDOOR_SMS_URL 应为短信网关的 http(s):// 地址")
            }
            let key = value("ONEDOOR_SMS_KEY") ?? ""
            if key.utf8.count < 16 { problems.append("ONEDOOR_SMS_KEY 应为至少 16 个字符的网关密钥") }
            let signature = value("ONEDOOR_SMS_SIGNATURE") ?? ""
            if signature.isEmpty || signature.count > 12 { problems.append("ONEDOOR_SMS_SIGNATURE 应为 1 到 12 个字的短信签名") }
            sms = SMSGatewayConfiguration(url: url, key: key, signature: signature)
        }
        var email: EmailConfiguration?
        if mailNames.contains(where: { value($0) != nil }) {
            let host = value("ONEDOOR_SMTP_HOST") ?? ""
            if host.isEmpty || host.count > 253 || host.contains(where: \.isWhitespace) { problems.append("ONEDOOR_SMTP_HOST 应为邮件服务器的主机名") }
            let securityText = value("ONEDOOR_SMTP_SECURITY") ?? "starttls"
            let security = SMTPConfiguration.Security(rawValue: securityText.lowercased())
            if security == nil { problems.append("ONEDOOR_SMTP_SECURITY 应为 starttls、tls 或 none") }
            // Without TLS the password and the citizens' messages would cross the network in the clear.
            if security == SMTPConfiguration.Security.none && !["localhost", "127.0.0.1", "::1"].contains(host) {
                problems.append("ONEDOOR_SMTP_SECURITY=none 只用于本机的邮件中继")
            }
            let defaultPort = security == .tls ? 465 : 587
            let port = value("ONEDOOR_SMTP_PORT").map { Int($0) ?? -1 } ?? defaultPort
            if !(1...65535).contains(port) { problems.append("ONEDOOR_SMTP_PORT 应在 1 到 65535 之间") }
            let user = value("ONEDOOR_SMTP_USER")
            let password = value("ONEDOOR_SMTP_PASSWORD")
            if (user == nil) != (password == nil) { problems.append("ONEDOOR_SMTP_USER 和 ONEDOOR_SMTP_PASSWORD 应同时设置") }
            let from = value("ONEDOOR_MAIL_FROM") ?? ""
            if !EmailAddress.isValid(from) { problems.append("ONEDOOR_MAIL_FROM 应为发件地址，如 notify@zwfw.example.gov.cn") }
            let fromName = value("ONEDOOR_MAIL_FROM_NAME") ?? "政务服务中心"
            if fromName.count > 40 { problems.append("ONEDOOR_MAIL_FROM_NAME 最多 40 个字") }
            email = EmailConfiguration(
                smtp: SMTPConfiguration(host: host, port: port, security: security ?? .startTLS, username: user, password: password,
                                        trustRootsFile: value("ONEDOOR_SMTP_CA_FILE")),
                fromAddress: from, fromName: fromName)
        }
        var policy = DispatchPolicy()
        if let quiet = value("ONEDOOR_QUIET_HOURS") {
            if quiet.lowercased() == "off" {
                policy.quietFrom = 0
                policy.quietUntil = 0
            } else if let (from, until) = quietHours(quiet) {
                policy.quietFrom = from
                policy.quietUntil = until
            } else {
                problems.append("ONEDOOR_QUIET_HOURS 应为“22:00-08:00”这样的时段，或 off")
            }
        }
        if let text = value("ONEDOOR_RETRY_BACKOFF") {
            let seconds = text.split(separator: ",").map { Int64(String($0).trimmingWhitespace()) }
            if seconds.isEmpty || seconds.count > 20 || seconds.contains(where: { ($0 ?? 0) < 1 || ($0 ?? 0) > 86_400 }) {
                problems.append("ONEDOOR_RETRY_BACKOFF 应为逗号分隔的秒数（1 到 86400），如 30,120,600")
            } else {
                policy.backoff = seconds.compactMap { $0 }
            }
        }
        guard problems.isEmpty else { throw Problems(problems: problems) }
        return Resolved(sms: sms, email: email, policy: policy)
    }

    /// "22:00-08:00" → minutes after midnight of the start and the end (each "HH:MM", as halls'
    /// opening hours are written).
    static func quietHours(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "-").map { String($0).trimmingWhitespace() }
        guard parts.count == 2, let from = OpeningPeriod.minutes(parts[0]), let until = OpeningPeriod.minutes(parts[1]) else { return nil }
        return (from, until)
    }

    /// The senders for configured channels; the rest use the built-in outbox.
    public static func senders(sms: SMSGatewayConfiguration?, email: EmailConfiguration?) throws -> [MessageChannel: any MessageSender] {
        var senders: [MessageChannel: any MessageSender] = [:]
        if let sms { senders[.sms] = HTTPSMSGateway(configuration: sms) }
        if let email { senders[.email] = try EmailSender(configuration: email) }
        return senders
    }
}
