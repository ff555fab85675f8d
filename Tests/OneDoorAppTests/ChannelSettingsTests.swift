import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorSMTP
import Testing

/// The SMS gateway's and mail server's settings (docs/configuration.md): none means the built-in
/// outbox; some means all, each problem named.
@Suite struct ChannelSettingsTests {
    @Test func noSettingsKeepTheBuiltInOutbox() throws {
        let resolved = try ChannelSettings.resolve([:])
        #expect(resolved.sms == nil && resolved.email == nil && resolved.policy == DispatchPolicy())
        #expect(try ChannelSettings.senders(sms: nil, email: nil).isEmpty)
    }

    @Test func completeSettingsMakeBothChannels() throws {
        let resolved = try ChannelSettings.resolve([
            "ONEDOOR_SMS_URL": "https://sms.example.cn/send", "ONEDOOR_SMS_KEY": "0123456789abcdef0123", "ONEDOOR_SMS_SIGNATURE": "禅城政务",
            "ONEDOOR_SMTP_HOST": "smtp.example.cn", "ONEDOOR_SMTP_USER": "notify", "ONEDOOR_SMTP_PASSWORD": "pw",
            "ONEDOOR_MAIL_FROM": "notify@zwfw.example.cn", "ONEDOOR_MAIL_FROM_NAME": "禅城区政务服务中心",
            "ONEDOOR_QUIET_HOURS": "21:30-07:00", "ONEDOOR_RETRY_BACKOFF": "1, 2,4",
        ])
        let (sms, email) = (resolved.sms, resolved.email)
        #expect(resolved.policy.quietFrom == 21 * 60 + 30 && resolved.policy.quietUntil == 7 * 60 && resolved.policy.backoff == [1, 2, 4])
        #expect(try ChannelSettings.resolve(["ONEDOOR_QUIET_HOURS": "off"]).policy.isQuiet(minute: 23 * 60) == false)
        #expect(sms == SMSGatewayConfiguration(url: "https://sms.example.cn/send", key: "0123456789abcdef0123", signature: "禅城政务"))
        #expect(email?.smtp.port == 587 && email?.smtp.security == .startTLS && email?.fromName == "禅城区政务服务中心")
        #expect(try ChannelSettings.senders(sms: sms, email: email).count == 2)
        let implicit = try ChannelSettings.resolve(["ONEDOOR_SMTP_HOST": "smtp.example.cn", "ONEDOOR_SMTP_SECURITY": "TLS", "ONEDOOR_MAIL_FROM": "a@b.cn"])
        #expect(implicit.email?.smtp.port == 465 && implicit.email?.smtp.security == .tls)
    }

    @Test func halfSettingsNameEveryProblem() {
        do {
            _ = try ChannelSettings.resolve([
                "ONEDOOR_SMS_URL": "ftp://x", "ONEDOOR_SMS_KEY": "short",
                "ONEDOOR_SMTP_HOST": "smtp.example.cn", "ONEDOOR_SMTP_SECURITY": "none", "ONEDOOR_SMTP_PORT": "99999",
                "ONEDOOR_SMTP_USER": "u", "ONEDOOR_MAIL_FROM": "not-an-address",
                "ONEDOOR_QUIET_HOURS": "22-8", "ONEDOOR_RETRY_BACKOFF": "30,0,x",
            ])
            Issue.record("half settings were taken")
        } catch let error as ChannelSettings.Problems {
            for name in ["ONEDOOR_SMS_URL", "ONEDOOR_SMS_KEY", "ONEDOOR_SMS_SIGNATURE", "ONEDOOR_SMTP_SECURITY", "ONEDOOR_SMTP_PORT",
                         "ONEDOOR_SMTP_USER", "ONEDOOR_MAIL_FROM", "ONEDOOR_QUIET_HOURS", "ONEDOOR_RETRY_BACKOFF"] {
                #expect(error.problems.contains { $0.hasPrefix(name) }, "\(name) not named")
            }
        } catch {
            Issue.record("unexpected \(error)")
        }
        // Plain SMTP to this machine's relay is allowed.
        #expect((try? ChannelSettings.resolve(["ONEDOOR_SMTP_HOST": "127.0.0.1", "ONEDOOR_SMTP_SECURITY": "none", "ONEDOOR_MAIL_FROM": "a@b.cn"])) != nil)
    }
}
