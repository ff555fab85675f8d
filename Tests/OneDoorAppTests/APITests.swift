import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneDoorCore
import OneDoorTestSupport
import OneDoorServices
import Testing

/// The API as bytes: the contract served, problems for unknown routes, oversized and malformed
/// bodies, the catalogue import as a document, sign-in throttling (catalogue reads and edits with
/// typed bodies are TypedCatalogTests).
@Suite struct APITests {
    @Test(arguments: TestDatabaseKind.available)
    func healthReadinessAndContract(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            let spec = try await client.execute(uri: "/api/openapi.json", method: .get)
            #expect(spec.status == .ok)
            let document = try JSON.object(spec.body)
            #expect(document["openapi"] as? String == "3.1.0")
            #expect((document["paths"] as? [String: Any])?["/items/{code}"] != nil)
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.headers[.init("X-Request-Id")!] != nil)
            #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func unknownRoutesAndOversizedBodiesAreProblems(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let unknown = try await client.json("/api/v1/nothing-here")
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.contentType] == "application/problem+json")
            let token = try await client.token(.admin)
            let huge = String(repeating: "x", count: (1 << 20) + 1)
            let tooLarge = try await client.json("/api/v1/items", method: .post, token: token, body: huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.headers[.contentType] == "application/problem+json")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func malformedAndInvalidWritesNameEveryProblem(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let token = try await client.token(.admin)
            let malformed = try await client.json("/api/v1/items", method: .post, token: token, body: "{not json")
            #expect(malformed.status == .badRequest)
            #expect(malformed.headers[.contentType] == "application/problem+json")

            var guide = try JSON.object(ByteBuffer(data: try JSONEncoder().encode(Fixtures.foodLicence(basicCode: "000117009000"))))
            guide["trips"] = "one"
            let wrongType = try await client.json("/api/v1/items", method: .post, token: token, body: String(data: try JSONSerialization.data(withJSONObject: guide), encoding: .utf8))
            #expect(wrongType.status == .badRequest)
            let wrongTypeProblem = try JSON.object(wrongType.body)
            #expect(((wrongTypeProblem["errors"] as? [[String: Any]])?.first?["path"] as? String) == "trips")

            var invalid = Fixtures.foodLicence(basicCode: "000117009000")
            invalid.promisedLimit = TimeLimit(days: 40)
            invalid.materials.append(invalid.materials[0])
            invalid.name = ""
            invalid.disclosures = [DisclosureNote(kind: .result, title: "许可公示", url: "javascript:alert(1)")]
            let response = try await client.json("/api/v1/items", method: .post, token: token, body: String(data: try JSONEncoder().encode(invalid), encoding: .utf8))
            #expect(response.status == .unprocessableContent)
            let problem = try JSON.object(response.body)
            let paths = Set(((problem["errors"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String })
            #expect(paths == ["name", "promisedLimit", "materials[3].name", "disclosures[0].url"])
            #expect((problem["detail"] as? String)?.contains("未保存") == true)
            #expect(try await app.catalog.repository.item(code: ItemCode(rawValue: invalid.implementationCode)) == nil)

            // A deployment's own 五公开 entries go in and come back with the guide.
            var valid = Fixtures.foodLicence(basicCode: "000117009000")
            valid.disclosures = [DisclosureNote(kind: .result, title: "许可公示", url: "https://www.chancheng.gov.cn/xxgk/xzxk/")]
            let created = try await client.json("/api/v1/items", method: .post, token: token, body: String(data: try JSONEncoder().encode(valid), encoding: .utf8))
            #expect(created.status == .created)
            let read = try await client.json("/api/v1/items/\(valid.implementationCode)", method: .get, token: token, body: nil)
            let body = String(buffer: read.body)
            #expect(read.status == .ok && body.contains("\"disclosures\"") && body.contains("许可公示") && body.contains("xxgk"))
            #expect(try await app.catalog.repository.item(code: ItemCode(rawValue: valid.implementationCode))?.guide.disclosures == valid.disclosures)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func importIsAllOrNothingAndExportRoundTrips(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let admin = try await client.token(.admin)
            let exported = try await client.json("/api/v1/catalog", token: try await client.token(.supervisor))
            #expect(exported.status == .ok)
            var document = try JSON.object(exported.body)
            var departments = document["departments"] as! [[String: Any]]
            departments[0]["uscc"] = "11440604007000011G"
            document["departments"] = departments
            let rejected = try await client.json("/api/v1/catalog", method: .put, token: admin, body: String(data: try JSONSerialization.data(withJSONObject: document), encoding: .utf8))
            #expect(rejected.status == .unprocessableContent)
            let paths = ((try JSON.object(rejected.body)["errors"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }
            #expect(paths.contains("departments[0].uscc"))
            #expect(try await app.catalog.repository.document() == Fixtures.document())

            let again = try await client.json("/api/v1/catalog", method: .put, token: admin, body: String(buffer: exported.body))
            #expect(again.status == .ok)
            #expect(try JSON.object(again.body)["itemsUpdated"] as? Int == 2)
            #expect(try await app.catalog.repository.document() == Fixtures.document())
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func signInSlowsAfterFailuresWithoutLockingAndTokensEnd(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let wrong = #"{"username":"admin","password":"wrong-password"}"#
            for _ in 1...4 {
                #expect(try await client.json("/api/v1/session", method: .post, body: wrong).status == .unauthorized)
            }
            // The failing client waits (429 with Retry-After), for the right password too; no 423.
            let slowed = try await client.json("/api/v1/session", method: .post, body: #"{"username":"admin","password":"password-admin"}"#)
            #expect(slowed.status == .tooManyRequests && slowed.headers[.retryAfter] == "1")
            let token = try await client.token(.supervisor)
            #expect(try await client.json("/api/v1/session", method: .delete, token: token).status == .noContent)
            #expect(try await client.json("/api/v1/audit", token: token).status == .unauthorized)
        }
    }
}

@Suite struct PublicResponseCacheTests {
    @Test(arguments: TestDatabaseKind.available)
    func cachedReadsFollowEveryCatalogueChange(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            let elder = Fixtures.elderCard().implementationCode
            let before = try JSON.object(try await client.json("/api/v1/items?q=%E8%80%81%E5%B9%B4").body)
            #expect(before["total"] as? Int == 0)
            // Twice the same: the second answer is the replayed first.
            let first = try await client.json("/api/v1/items/\(Fixtures.foodLicence().implementationCode)")
            let second = try await client.json("/api/v1/items/\(Fixtures.foodLicence().implementationCode)")
            #expect(first.status == .ok && String(buffer: first.body) == String(buffer: second.body))

            try await app.catalog.publish(code: ItemCode(rawValue: elder), by: .system)
            let after = try JSON.object(try await client.json("/api/v1/items?q=%E8%80%81%E5%B9%B4").body)
            #expect(after["total"] as? Int == 1)
            #expect(try await client.json("/api/v1/items/\(elder)").status == .ok)
        }
    }
}
