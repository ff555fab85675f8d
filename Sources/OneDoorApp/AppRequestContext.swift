import Hummingbird
import NIOCore

/// The request context of every OneDoor route.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client address for audit records, without the port.
    public var client: String {
        remoteAddress?.ipAddress ?? "local"
    }

    /// Bodies are limited by ``BodyLimitMiddleware``; this covers Hummingbird's own decoding.
    public var maxUploadSize: Int { 32 << 20 }
}
