import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OpenAPIRuntime

/// Drives the real router in-process for the client generated from openapi.yaml: the typed
/// tests call the API exactly as an outside program would, through the same bytes on the wire
/// format, without a socket.
struct RouterTransport: ClientTransport {
    let client: any TestClientProtocol
    /// A bearer token sent with every request, if set.
    var token: String?

    func send(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String) async throws -> (HTTPResponse, HTTPBody?) {
        var headers = request.headerFields
        if let token { headers[.authorization] = "Bearer \(token)" }
        var bytes: [UInt8]?
        if let body { bytes = try await [UInt8](collecting: body, upTo: 1 << 24) }
        let response = try await client.execute(
            uri: baseURL.path + (request.path ?? ""), method: request.method, headers: headers, body: bytes.map { ByteBuffer(bytes: $0) }
        )
        return (HTTPResponse(status: response.status, headerFields: response.headers), HTTPBody(Array(buffer: response.body)))
    }
}

extension Client {
    /// A client of the in-process router, signed in with `token` if given.
    static func router(_ client: any TestClientProtocol, token: String? = nil) -> Client {
        Client(serverURL: URL(string: "http://localhost/api/v1")!, transport: RouterTransport(client: client, token: token))
    }
}
