#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The steady state of a queue served by identical windows in turn (M/M/c): Erlang's C formula,
/// as halls and call centres have staffed by for a century. It assumes arrivals at random
/// (Poisson) at a constant rate and exponential service times; the simulation (``HallSimulation``)
/// drops both assumptions for the day's real profile.
public enum ErlangC {
    /// The share of arrivals that must wait (all `servers` busy) when `load` erlangs (arrival rate
    /// × mean service time) are offered; 1 when the queue cannot keep up (load ≥ servers).
    /// Computed through Erlang B's recursion, which neither overflows nor loses precision for
    /// hundreds of windows, unlike the textbook's powers and factorials.
    public static func probabilityOfWaiting(servers: Int, load: Double) -> Double {
        guard servers > 0, load > 0 else { return servers > 0 ? 0 : 1 }
        guard load < Double(servers) else { return 1 }
        var blocking = 1.0
        for k in 1...servers { blocking = load * blocking / (Double(k) + load * blocking) }
        return blocking / (1 - load / Double(servers) * (1 - blocking))
    }

    /// The average wait of all arrivals, in seconds; nil when the queue grows without end.
    public static func averageWait(servers: Int, arrivalsPerHour: Double, meanServiceSeconds: Double) -> Double? {
        guard arrivalsPerHour > 0 else { return 0 }
        guard servers > 0, meanServiceSeconds > 0 else { return servers > 0 ? 0 : nil }
        let lambda = arrivalsPerHour / 3600
        let load = lambda * meanServiceSeconds
        guard load < Double(servers) else { return nil }
        let capacity = Double(servers) / meanServiceSeconds
        return probabilityOfWaiting(servers: servers, load: load) / (capacity - lambda)
    }

    /// The share of arrivals called within `seconds` (the service level); 0 when unstable.
    public static func calledWithin(_ seconds: Double, servers: Int, arrivalsPerHour: Double, meanServiceSeconds: Double) -> Double {
        guard arrivalsPerHour > 0, meanServiceSeconds > 0 else { return 1 }
        let lambda = arrivalsPerHour / 3600
        let load = lambda * meanServiceSeconds
        guard servers > 0, load < Double(servers) else { return 0 }
        let waiting = probabilityOfWaiting(servers: servers, load: load)
        return 1 - waiting * exp(-(Double(servers) / meanServiceSeconds - lambda) * seconds)
    }

    /// The fewest windows whose average wait is at most `targetSeconds`; nil above `maximum`.
    public static func windowsNeeded(arrivalsPerHour: Double, meanServiceSeconds: Double, targetSeconds: Double,
                                     maximum: Int = StaffingLimits.maximumWindows) -> Int? {
        guard arrivalsPerHour > 0, meanServiceSeconds > 0 else { return 0 }
        // Fewer windows than the offered load can never keep up: start just above it.
        let load = arrivalsPerHour / 3600 * meanServiceSeconds
        var servers = max(1, Int(load.rounded(.down)) + 1)
        while servers <= maximum {
            if let wait = averageWait(servers: servers, arrivalsPerHour: arrivalsPerHour, meanServiceSeconds: meanServiceSeconds),
               wait <= targetSeconds { return servers }
            servers += 1
        }
        return nil
    }
}

/// Bounds that keep a request's simulation small enough to answer at once.
public enum StaffingLimits {
    public static let maximumWindows = 500
    public static let maximumCategories = 40
    public static let maximumArrivalsPerHour = 5_000.0
    public static let maximumReplications = 100
    /// A simulated day with more tickets than this is refused rather than left to run long.
    public static let maximumTicketsPerDay = 200_000.0
    /// Tickets over all replications of one layout: what one request may make the server simulate
    /// (about a fifth of a second of work per layout tried).
    public static let maximumSimulatedTickets = 2_000_000.0
}
