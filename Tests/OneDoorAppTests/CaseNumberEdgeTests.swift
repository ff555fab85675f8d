import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing

@Suite struct CaseNumberEdgeTests {
    /// A case number that is not one is refused at the edge as unknown (404), on every entrance.
    @Test(arguments: TestDatabaseKind.available)
    func malformedCaseNumbersAreUnknown(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let token = try await client.token(.supervisor)
            for bad in ["nope", "CC-2026-1", "CC-20260928-00001%27%3B", "%E7%A6%85-20260928-00001"] {
                #expect(try await client.json("/api/v1/cases/\(bad)", token: token).status == .notFound, "\(bad)")
                #expect(try await client.json("/api/v1/progress/\(bad)?code=123456").status == .notFound, "\(bad)")
                #expect(try await client.page("/cases/\(bad)", try await client.signIn(.supervisor)).status == .notFound, "\(bad)")
            }
        }
    }
}
