import Foundation
import OneDoorCore
import NIOCore

/// The `update` event of a hall's live stream, computed once per change and shared by every
/// subscriber as the same bytes.
///
/// A change wakes every screen, workstation and phone of the hall at once; each used to compute
/// the calls and waiting counts itself, so 400 streams made a ticket cost 50 times its CPU. Now
/// the first subscriber to wake computes (the others await the same task), and the answer serves
/// until the hall's next change — or for `maximumAge` on the periodic ticks, which bring in
/// changes made by other servers.
actor HallUpdates {
    private var entries: [HallCode: (generation: Int, at: ContinuousClock.Instant, task: Task<ByteBuffer, any Error>)] = [:]
    let maximumAge: Duration
    /// Updates computed so far (for tests and metrics).
    private(set) var computed = 0

    init(maximumAge: Duration = .seconds(5)) {
        self.maximumAge = maximumAge
    }

    /// The event for `hall` at `generation` (``HallSignals/generation(hall:)``), computed by
    /// `compute` only when no current one exists.
    func event(hall: HallCode, generation: Int, compute: @escaping @Sendable () async throws -> String) async throws -> ByteBuffer {
        let now = ContinuousClock.now
        if let entry = entries[hall], entry.generation == generation, now - entry.at < maximumAge {
            return try await entry.task.value
        }
        computed += 1
        let task = Task { ByteBuffer(string: "event: update\ndata: \(try await compute())\n\n") }
        entries[hall] = (generation, now, task)
        return try await task.value
    }
}
