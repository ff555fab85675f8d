import OneDoorCore
import Testing

/// The pure rules of the outbox (ADR 0022): quiet hours, backoff, templates.
@Suite struct NotificationRulesTests {
    /// Monday 28 September 2026, 00:00 in China.
    let midnight: Int64 = 1_790_524_800

    @Test func quietHoursSpanMidnight() {
        let policy = DispatchPolicy()
        #expect(policy.isQuiet(minute: 22 * 60) && policy.isQuiet(minute: 3 * 60) && policy.isQuiet(minute: 7 * 60 + 59))
        #expect(!policy.isQuiet(minute: 8 * 60) && !policy.isQuiet(minute: 21 * 60 + 59))
        // 23:30 → 08:00 the next morning; 03:00 → 08:00 the same morning; noon at once; urgent at once.
        #expect(policy.earliestSend(at: midnight - 1_800, urgent: false) == midnight + 8 * 3_600)
        #expect(policy.earliestSend(at: midnight + 3 * 3_600 + 17, urgent: false) == midnight + 8 * 3_600)
        #expect(policy.earliestSend(at: midnight + 12 * 3_600, urgent: false) == midnight + 12 * 3_600)
        #expect(policy.earliestSend(at: midnight + 3 * 3_600, urgent: true) == midnight + 3 * 3_600)
        #expect(!DispatchPolicy(quietFrom: 0, quietUntil: 0).isQuiet(minute: 0))
    }

    @Test func retriesBackOffAndStop() {
        let policy = DispatchPolicy(backoff: [30, 120, 600], maximumAttempts: 5)
        let noon = midnight + 12 * 3_600
        #expect(policy.retry(afterAttempts: 1, at: noon, urgent: false) == noon + 30)
        #expect(policy.retry(afterAttempts: 2, at: noon, urgent: false) == noon + 120)
        #expect(policy.retry(afterAttempts: 4, at: noon, urgent: false) == noon + 600)  // the last delay repeats
        #expect(policy.retry(afterAttempts: 5, at: noon, urgent: false) == nil)
        // A retry that would fall in the quiet hours waits for their end, unless urgent.
        let late = midnight + 21 * 3_600 + 59 * 60 + 50
        #expect(policy.retry(afterAttempts: 1, at: late, urgent: false) == midnight + 32 * 3_600)
        #expect(policy.retry(afterAttempts: 1, at: late, urgent: true) == late + 30)
    }

    @Test func templatesNameWhatIsMissing() throws {
        let template = MessageTemplate(code: "case-accepted", channel: .sms, text: "您申请的{{item}}已受理，办件号 {{number}}，承诺 {{ promised }} 前办结。")
        #expect(template.placeholders == ["item", "number", "promised"])
        let text = try template.render(["item": "食品经营许可", "number": "CC-20260928-00001", "promised": "2026年10月10日"]).get().text
        #expect(text == "您申请的食品经营许可已受理，办件号 CC-20260928-00001，承诺 2026年10月10日 前办结。")
        guard case .failure(let failed) = template.render(["item": "x"]) else { Issue.record("rendered without values"); return }
        #expect(failed.problems.map(\.reason) == ["模板变量“number”没有取值", "模板变量“promised”没有取值"])
        guard case .failure(let open) = MessageTemplate(code: "x", channel: .sms, text: "验证码 {{code").render(["code": "1"]) else {
            Issue.record("rendered a broken template"); return
        }
        #expect(open.problems.map(\.reason) == ["模板中的“{{”没有对应的“}}”"])
    }

    @Test func recipientsAreMaskedForLists() {
        func message(_ channel: MessageChannel, _ to: String) -> OutboxMessage {
            OutboxMessage(id: 1, message: OutgoingMessage(key: "k", channel: channel, recipient: to, template: "t", body: "b"),
                          state: .queued, attempts: 0, notBefore: 0, createdAt: 0)
        }
        #expect(message(.sms, "13800138000").maskedRecipient == "138****8000")
        #expect(message(.email, "zhangsan@example.cn").maskedRecipient == "z***@example.cn")
    }
}
