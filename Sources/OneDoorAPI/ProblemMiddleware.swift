import Foundation
import HTTPTypes
import Logging
import OneDoorCore
import OneDoorServices
import OpenAPIRuntime

/// Turns every error of an operation into an RFC 9457 problem+json response.
///
/// Domain errors map to 4xx with their Chinese messages; a request the generated code could not
/// decode becomes 400 naming the field; anything else is a bug: logged with the request id and
/// answered with a bare 500, never a stack trace.
struct ProblemMiddleware: ServerMiddleware {
    let logger = Logger(label: "onedoor.api")

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        do {
            return try await next(request, body, metadata)
        } catch {
            var problem = problem(for: error, operationID: operationID)
            problem.instance = request.path
            var headers: HTTPFields = [.contentType: "application/problem+json"]
            if let wait = problem.retryAfter { headers[.retryAfter] = String(wait) }
            return (
                HTTPResponse(status: .init(code: problem.status), headerFields: headers),
                HTTPBody(try ProblemEncoding.encode(problem))
            )
        }
    }

    func problem(for error: any Error, operationID: String) -> ProblemDetails {
        let underlying = Self.rootCause(error)
        if let problem = ProblemDetails.from(underlying) { return problem }
        if let decoding = underlying as? DecodingError {
            return .badRequest("请求内容格式不正确：\(Self.describe(decoding))", errors: [Self.problem(decoding)])
        }
        if let server = error as? ServerError, (400..<500).contains(server.httpStatus.code) {
            return ProblemDetails(
                status: server.httpStatus.code, title: server.httpStatus.reasonPhrase,
                detail: "请求不符合接口定义：\(server.causeDescription)"
            )
        }
        logger.error("unhandled error", metadata: [
            "operation": .string(operationID), "requestID": .string(RequestScope.current.requestID), "error": .string(String(reflecting: error)),
        ])
        return .internalError
    }

    /// The error that started it all. The runtime wraps errors in `ServerError` and errors of
    /// middleware in its internal `RuntimeError.middlewareFailed(middlewareType:_:)`, which only
    /// reflection can open.
    static func rootCause(_ error: any Error) -> any Error {
        if let server = error as? ServerError { return rootCause(server.underlyingError) }
        if ProblemDetails.from(error) != nil || error is DecodingError { return error }
        for child in Mirror(reflecting: error).children {
            if let inner = child.value as? any Error { return rootCause(inner) }
            for grandchild in Mirror(reflecting: child.value).children {
                if let inner = grandchild.value as? any Error { return rootCause(inner) }
            }
        }
        return error
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue { path += "[\(index)]" } else { path += path.isEmpty ? key.stringValue : "." + key.stringValue }
        }
        return path
    }

    static func problem(_ error: DecodingError) -> ValidationProblem {
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return ValidationProblem(path: parent.isEmpty ? key.stringValue : parent + "." + key.stringValue, reason: "缺少必填字段")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return ValidationProblem(path: path(context.codingPath), reason: "类型不正确")
        case .dataCorrupted(let context):
            return ValidationProblem(path: path(context.codingPath), reason: context.codingPath.isEmpty ? "不是有效的 JSON" : "取值不正确")
        @unknown default:
            return ValidationProblem(path: "", reason: "格式不正确")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        let p = problem(error)
        return p.path.isEmpty ? p.reason : "\(p.path) \(p.reason)"
    }
}

/// The one JSON encoding of problem documents, shared by the API and the HTTP layer.
public enum ProblemEncoding {
    public static func encode(_ problem: ProblemDetails) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(problem))
    }
}
