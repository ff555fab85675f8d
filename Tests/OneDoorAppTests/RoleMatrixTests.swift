import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing

/// Every operation of the OpenAPI document, called by every role and by nobody: the roles the
/// document names get past authorisation, every other caller gets 401 (signed out) or 403.
@Suite struct RoleMatrixTests {
    @Test(arguments: TestDatabaseKind.available)
    func everyEndpointAgainstEveryRole(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let spec = try JSON.object(try await client.execute(uri: "/api/openapi.json", method: .get).body)
            let paths = try #require(spec["paths"] as? [String: [String: Any]])
            var tokens: [Role: String] = [:]
            for role in Role.allCases { tokens[role] = try await client.token(role) }
            var checked = 0
            for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
                for (method, value) in item.sorted(by: { $0.key < $1.key }) {
                    guard let operation = value as? [String: Any], let id = operation["operationId"] as? String else { continue }
                    let roles = try #require(operation["x-roles"] as? [String], "\(id) does not say which roles may call it")
                    var uri = "/api/v1" + path
                    // Codes of records the staff of each role belong to: an approver's department, a clerk's hall.
                    let code = path.hasPrefix("/departments/") ? "SCJG" : path.hasPrefix("/halls/") ? "CC" : Fixtures.foodLicence().implementationCode
                    for (parameter, value) in [("{code}", code), ("{action}", "undertake"), ("{number}", "1"), ("{username}", "supervisor"),
                                               ("{year}", "2027"), ("{value}", "11010519491231002X"),
                                               ("{id}", "nope"), ("{identifier}", "1.2.156.3005.2.X"), ("{ticketAction}", "start"), ("{window}", "1"), ("{queue}", "social")] {
                        uri = uri.replacingOccurrences(of: parameter, with: value)
                    }
                    let httpMethod = HTTPRequest.Method(method.uppercased())!
                    // A body that decodes nowhere: authorised callers get past authorisation to 400/404/422.
                    let body: String? = [.post, .put].contains(httpMethod) ? "{}" : nil
                    if id == "deleteSession" { continue }  // ends the caller's token; covered in APITests
                    let anonymous = try await client.json(uri, method: httpMethod, body: body).status
                    if roles.contains("public") {
                        #expect(anonymous != .unauthorized && anonymous != .forbidden, "\(id) should be public, got \(anonymous)")
                        continue
                    }
                    #expect(anonymous == .unauthorized, "\(id) without sign-in should be 401, got \(anonymous)")
                    for role in Role.allCases {
                        let status = try await client.json(uri, method: httpMethod, token: tokens[role], body: body).status
                        if roles.contains(role.rawValue) {
                            #expect(status != .unauthorized && status != .forbidden, "\(id) should allow \(role), got \(status)")
                        } else {
                            #expect(status == .forbidden, "\(id) should refuse \(role) with 403, got \(status)")
                        }
                        checked += 1
                    }
                }
            }
            #expect(checked >= 40)
        }
    }
}
