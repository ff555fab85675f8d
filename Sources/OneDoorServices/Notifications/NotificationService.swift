import Logging
import OneDoorCore
import OneDoorStorage
import Synchronization

/// Sends what the outbox holds (ADR 0022): claims the due messages, sends each through its
/// channel, records what each attempt came to. Any number of servers may run it on one
/// database: a claim keeps the others off a message while it is being sent.
public final class NotificationService: Sendable {
    let repository: OutboxRepository
    let senders: [MessageChannel: any MessageSender]
    let clock: any AppClock
    let logger: Logger
    /// Messages claimed by one dispatch.
    public static let batchSize = 100
    /// Messages sent at once by one dispatch.
    let parallel: Int
    private let wakeUp: Mutex<AsyncStream<Void>.Continuation?> = Mutex(nil)
    /// Per template, a question asked just before a message goes out: a reason when what it is
    /// about no longer holds (the message is then withdrawn, not sent), nil to send it.
    private let checks: Mutex<[String: @Sendable (OutboxMessage) async -> String?]> = Mutex([:])

    /// Asks `check` before sending any message of `template` (a reminder written days ahead).
    public func withdraw(template: String, when check: @escaping @Sendable (OutboxMessage) async -> String?) {
        checks.withLock { $0[template] = check }
    }

    /// The SMS gateway's key, which signs its delivery reports; nil: no reports taken.
    let receiptKey: String?

    /// Channels without a sender of their own go to the built-in outbox.
    public init(repository: OutboxRepository, senders: [MessageChannel: any MessageSender] = [:], clock: any AppClock,
                parallel: Int = 8, receiptKey: String? = nil, logger: Logger = Logger(label: "onedoor.notifications")) {
        self.receiptKey = receiptKey
        var all = senders
        for channel in MessageChannel.allCases where all[channel] == nil { all[channel] = BuiltInOutbox() }
        self.repository = repository
        self.senders = all
        self.clock = clock
        self.parallel = max(1, parallel)
        self.logger = logger
    }

    /// Puts messages that belong to no other write (a sign-in code) in the outbox in a
    /// transaction of their own, and wakes this server's dispatcher. Messages caused by a change
    /// are written by the change's own transaction instead (``OutboxRepository/enqueueStatement``).
    public func enqueue(_ messages: [OutgoingMessage]) async throws {
        try await repository.enqueue(messages, at: clock.now())
        wake()
    }

    /// Sends the messages due now, up to `limit`; returns how many were attempted.
    @discardableResult
    public func dispatchOnce(limit: Int = NotificationService.batchSize) async throws -> Int {
        let now = clock.now()
        let due = try await repository.claim(at: now, limit: limit)
        guard !due.isEmpty else { return 0 }
        // Per-person settings, asked once for the batch: a channel turned off keeps the message
        // unsent (it stays in 我的消息), the person's own quiet hours move it later.
        let preferences = try await repository.preferences(of: Set(due.lazy.filter { !$0.message.urgent && $0.message.channel != .inSite }
            .map(\.message.recipient)))
        let outcomes = await withTaskGroup(of: (id: Int64, claimedAttempts: Int?, outcome: SendOutcome).self) { group in
            var running = 0
            var outcomes: [(id: Int64, claimedAttempts: Int?, outcome: SendOutcome)] = []
            for message in due {
                if running == parallel, let done = await group.next() {
                    outcomes.append(done)
                    running -= 1
                }
                let check = checks.withLock { $0[message.message.template] }
                let decision = preferences[message.message.recipient]?.decide(message.message, at: now) ?? .send
                group.addTask { [self] in
                    switch decision {
                    case .send: break
                    case .withhold(let reason): return (message.id, message.attempts, .withheld(reason: reason))
                    case .postpone(let until): return (message.id, message.attempts, .postponed(until: until))
                    }
                    if let check, let reason = await check(message) { return (message.id, message.attempts, .withdrawn(reason: reason)) }
                    let sender = senders[message.message.channel] ?? BuiltInOutbox()
                    let outcome = await sender.send(message)
                    if case .failed(let reason, let permanent) = outcome {
                        // Every attempt is on record in the outbox; the log carries only what
                        // will not be retried, so a flaky gateway does not flood it.
                        logger.log(level: permanent ? .warning : .debug, "message not sent", metadata: [
                            "id": "\(message.id)", "channel": "\(message.message.channel.rawValue)", "to": "\(message.maskedRecipient)", "reason": "\(reason)",
                        ])
                    }
                    return (message.id, message.attempts, outcome)
                }
                running += 1
            }
            for await done in group { outcomes.append(done) }
            return outcomes
        }
        // One durable commit for the batch's outcomes (ADR 0022).
        try await repository.recordAll(outcomes, at: clock.now())
        return due.count
    }

    /// Dispatches until cancelled: at once when woken (``wake()``, after a message is written
    /// here), else every `interval`, so retries, the end of the quiet hours and other servers'
    /// messages are picked up too.
    public func run(interval: Duration = .seconds(1)) async {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wakeUp.withLock { $0 = continuation }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                continuation.yield()
            }
        }
        defer {
            ticker.cancel()
            continuation.finish()
        }
        continuation.yield()
        for await _ in stream {
            if Task.isCancelled { break }
            do {
                // A full batch means more may be due: go on at once.
                while try await dispatchOnce() == Self.batchSize, !Task.isCancelled {}
            } catch {
                logger.warning("dispatch failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Wakes the dispatcher of this server (a message was just written).
    public func wake() {
        wakeUp.withLock { _ = $0?.yield() }
    }

    /// A delivery report from the SMS gateway (ADR 0023): `delivered` or not, for the message it
    /// knows as `reference`. Signed with the gateway's key over the timestamp, reference and
    /// status; a report older or newer than five minutes is refused (no replays).
    public func receipt(reference: String, delivered: Bool, detail: String, timestamp: String, signature: String) async throws {
        guard let key = receiptKey else { throw ProblemDetails.notFound("未接入短信网关，不接收送达回执") }
        let now = clock.now()
        let status = delivered ? "delivered" : "failed"
        guard let at = Int64(timestamp), abs(now - at) <= 300,
              ConstantTime.equal(HTTPSMSGateway.receiptSignature(timestamp: timestamp, reference: reference, status: status, key: key), signature) else {
            throw ProblemDetails(status: 401, title: "Unauthorized", detail: "回执签名错误或已过期")
        }
        let applied = delivered
            ? try await repository.markDelivered(reference: reference, at: now)
            : try await repository.markUndelivered(reference: reference, reason: "网关回执：\(detail.isEmpty ? "未送达" : detail)", at: now)
        guard applied else { throw ProblemDetails.notFound("没有已发送的消息对应该回执") }
    }

    /// A page of the outbox, newest first, recipients masked (administrators).
    public func list(state: OutboxState?, page: PageRequest, by identity: Identity) async throws -> (messages: [OutboxMessage], total: Int) {
        try identity.require(.readOutbox)
        return try await repository.list(state: state, limit: page.pageSize, offset: page.offset)
    }

    /// 我的消息: what was sent to the citizen's own phone and e-mail address, and what was sent
    /// about the enterprises they represent or act for (`enterprises`, their keys, as
    /// ``CaseService/enterpriseKeys(_:)`` gives them), newest first. Sign-in codes show masked
    /// here too: a code is for signing in, not for reading later.
    public func messages(for identity: CitizenIdentity, enterprises: [String] = [], page: PageRequest) async throws -> (messages: [OutboxMessage], total: Int) {
        let recipients = [identity.account.phone] + (identity.account.email.map { [$0] } ?? [])
        return try await repository.messages(to: recipients, about: enterprises, limit: page.pageSize, offset: page.offset)
    }

    /// The attempts to send message `id` (administrators).
    public func attempts(of id: Int64, by identity: Identity) async throws -> [(at: Int64, outcome: String, detail: String)] {
        try identity.require(.readOutbox)
        return try await repository.attempts(of: id)
    }
}
