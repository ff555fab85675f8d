/// Where a request comes from, for limits per client, the audit log and the personal-data log.
///
/// The socket's peer is the client, unless the peer is a proxy the operator named
/// (`ONEDOOR_TRUSTED_PROXIES`): then the proxy's `X-Forwarded-For` is believed, read from the
/// right, up to the first address that is not itself a trusted proxy. Believing the header from
/// anyone would let a client pick its own address and walk past every per-client limit.
public enum ClientAddress {
    public static func resolve(peer: String, forwardedFor: String?, trustedProxies: Set<String>) -> String {
        guard !trustedProxies.isEmpty, trustedProxies.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { String($0).trimmingWhitespace() }
        for hop in hops.reversed() {
            // Garbage in the header: the last trusted proxy is as far as we can tell.
            guard isAddress(hop) else { return peer }
            if !trustedProxies.contains(hop) { return hop }
        }
        return peer
    }

    /// Whether `text` looks like an IPv4 or IPv6 address (digits, hex letters, `.` and `:`).
    public static func isAddress(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 45 && text.utf8.allSatisfy {
            (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) || $0 == 0x2E || $0 == 0x3A
        } && text.utf8.contains { $0 == 0x2E || $0 == 0x3A }
    }

    /// Whether `address` is this machine (127.0.0.0/8 or ::1, also as an IPv4-mapped address).
    public static func isLoopback(_ address: String) -> Bool {
        address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }
}
