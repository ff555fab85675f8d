import Foundation
import OneDoorCore
import Synchronization

/// Tells the call screens and workstations of a hall that something changed (a ticket issued,
/// called or moved), so they send fresh figures at once instead of polling.
///
/// Each subscriber's stream keeps only the newest signal: a slow screen skips to the present.
/// Subscribers also get a tick every `tick`, which keeps connections alive through proxies and
/// is the backstop for a message from another server that was lost (ADR 0017).
///
/// Streams are capped per hall and per caller (an address for the anonymous call screens, an
/// account for workstations): 400 anonymous streams once made each ticket cost 50 times its
/// CPU. Each hall's `generation` counts its changes, so that one update computed for a change
/// serves every subscriber (``HallUpdates`` in the pages).
public final class HallSignals: Sendable {
    /// Streams a hall may have open at once (screens, workstations, phones following a ticket).
    public let perHall: Int
    /// Streams one caller may have open at once.
    public let perCaller: Int

    private struct State {
        var subscribers: [UUID: (hall: HallCode, caller: String, continuation: AsyncStream<Void>.Continuation)] = [:]
        var byHall: [HallCode: Int] = [:]
        var byCaller: [String: Int] = [:]
        var generations: [HallCode: Int] = [:]
    }

    private let state = Mutex(State())

    public init(perHall: Int = 300, perCaller: Int = 20) {
        self.perHall = perHall
        self.perCaller = perCaller
    }

    /// A stream that yields once at once, then on every change of `hall` and every `tick`; nil
    /// when the hall or `caller` already has as many streams as allowed.
    public func subscribe(hall: HallCode, caller: String = "", tick: Duration = .seconds(15)) -> AsyncStream<Void>? {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        let admitted = state.withLock { s in
            guard s.byHall[hall, default: 0] < perHall, s.byCaller[caller, default: 0] < perCaller else { return false }
            s.subscribers[id] = (hall, caller, continuation)
            s.byHall[hall, default: 0] += 1
            s.byCaller[caller, default: 0] += 1
            return true
        }
        guard admitted else { return nil }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                continuation.yield()
            }
        }
        continuation.onTermination = { [weak self] _ in
            ticker.cancel()
            self?.state.withLock { s in
                guard let gone = s.subscribers.removeValue(forKey: id) else { return }
                s.byHall[gone.hall, default: 1] -= 1
                s.byCaller[gone.caller, default: 1] -= 1
                if s.byHall[gone.hall] == 0 { s.byHall[gone.hall] = nil }
                if s.byCaller[gone.caller] == 0 { s.byCaller[gone.caller] = nil }
            }
        }
        continuation.yield()
        return stream
    }

    public func signal(hall: HallCode) {
        let listeners = state.withLock { s in
            s.generations[hall, default: 0] += 1
            return s.subscribers.values.filter { $0.hall == hall }.map(\.continuation)
        }
        for continuation in listeners { continuation.yield() }
    }

    /// Wakes every subscriber of every hall (after messages from other servers may have been missed).
    public func signalAll() {
        let listeners = state.withLock { s in
            for hall in s.byHall.keys { s.generations[hall, default: 0] += 1 }
            return s.subscribers.values.map(\.continuation)
        }
        for continuation in listeners { continuation.yield() }
    }

    /// How many changes of `hall` this server has signalled: an update computed at one generation
    /// serves every subscriber until the next.
    public func generation(hall: HallCode) -> Int {
        state.withLock { $0.generations[hall, default: 0] }
    }

    /// Open subscriptions (for tests and metrics).
    public var count: Int { state.withLock { $0.subscribers.count } }
}
