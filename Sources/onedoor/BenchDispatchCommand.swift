import ArgumentParser
import Foundation
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorStorage

/// `onedoor bench dispatch`: how fast the outbox empties into the configured SMS gateway (issue
/// 15's goal: 1,000 messages a second to the gateway double). Fills a scratch outbox with
/// `--messages` SMS, then runs the dispatcher until nothing is queued, retries included.
/// bench/dispatch.sh starts the double and reads the figures.
struct BenchDispatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dispatch", abstract: "通知发送速率（发往 ONEDOOR_SMS_URL 配置的短信网关）")
    @Option(help: "Directory for the scratch database") var directory: String = NSTemporaryDirectory()
    @Option(name: .customLong("database-url"), help: "postgres://… to measure on PostgreSQL (a scratch schema)") var databaseURL: String?
    @Option(help: "Messages to send") var messages = 10_000
    @Option(help: "Sends at once per dispatcher") var parallel = 16
    @Option(help: "Dispatchers sharing the outbox (as several servers do)") var dispatchers = 1

    func run() async throws {
        let resolved = try ChannelSettings.resolve(ProcessInfo.processInfo.environment)
        guard resolved.sms != nil else { throw ValidationError("请先设置 ONEDOOR_SMS_URL、ONEDOOR_SMS_KEY 和 ONEDOOR_SMS_SIGNATURE") }
        let scratch = try await ScratchDatabase(name: "dispatch-bench", databaseURL: databaseURL, directory: directory, connections: 4 * dispatchers)
        let outbox = OutboxRepository(database: scratch.database, policy: resolved.policy)
        let clock = SystemClock()
        for chunk in stride(from: 0, to: messages, by: 1_000) {
            let batch = (chunk..<min(chunk + 1_000, messages)).map { n in
                OutgoingMessage(key: "bench:\(getpid()):\(n):sms", channel: .sms, recipient: String(format: "139%08d", n), template: "case-accepted",
                                body: "您申请的食品经营许可已受理，办件号CC-20261204-\(String(format: "%05d", n))，承诺2026年12月18日前办结。")
            }
            try await outbox.enqueue(batch, at: clock.now())
        }
        let senders = try ChannelSettings.senders(sms: resolved.sms, email: nil)
        let started = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, dispatchers) {
                group.addTask {
                    let service = NotificationService(repository: outbox, senders: senders, clock: clock, parallel: parallel)
                    while true {
                        if try await service.dispatchOnce() > 0 { continue }
                        // Nothing due: done, or retries waiting for their backoff.
                        if try await outbox.list(state: .queued, limit: 1, offset: 0).total == 0 { return }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = Date().timeIntervalSince(started)
        let sent = try await outbox.list(state: .sent, limit: 1, offset: 0).total
        let failed = try await outbox.list(state: .failed, limit: 1, offset: 0).total
        try await scratch.drop()
        print(String(format: "dispatch: %d messages sent (%d failed) in %.2f s: %.0f messages/s (%d dispatcher(s), %d sends at once each, %@)",
                     sent, failed, seconds, Double(sent) / seconds, dispatchers, parallel, databaseURL == nil ? "SQLite" : "PostgreSQL"))
    }
}
