import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// An item whose department pre-reviews online applications itself (issue 15 §3): the
/// application waits in that department's queue, not the hall's; the department's approver
/// decides and accepts at the hall the applicant chose; the windows neither see it nor may
/// decide it.
@Suite struct DepartmentPreReviewTests {
    static func departmentReviewed() -> CatalogDocument {
        var guide = Fixtures.foodLicence()
        guide.preReviewByDepartment = true
        return Fixtures.document(items: [.init(status: .published, publishedVersion: 1, versions: [guide])])
    }

    @Test(arguments: TestDatabaseKind.available)
    func theDepartmentReviewsAndAccepts(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            _ = try await app.catalog.importDocument(Self.departmentReviewed(), by: .system)
            let clerk = try await client.token(.clerk)
            let approver = try await client.token(.approver)
            let id = try await TripsAndResultsTests.onlineApplication(client, app)
            let identity = try #require(try await app.auth.authenticate(token: approver, kind: .bearer))
            let clerkIdentity = try #require(try await app.auth.authenticate(token: clerk, kind: .bearer))
            // In the department's queue only; the hall's clerk neither sees nor decides it.
            let refused = try await client.json("/api/v1/pre-reviews/\(id)/decision", method: .post, token: clerk, body: #"{"decision":"accept"}"#)
            #expect(refused.status == .notFound)
            let (waiting, total) = try await app.services.applications.queue(page: PageRequest(page: 1, pageSize: 10), by: identity)
            #expect(total == 1 && waiting.first?.application.id == id && waiting.first?.application.departmentReview == true)
            #expect(try await app.services.applications.queue(page: PageRequest(page: 1, pageSize: 10), by: clerkIdentity).total == 0)
            let hidden = try await client.json("/api/v1/pre-reviews/\(id)", token: clerk)
            #expect(hidden.status == .notFound)
            let page = String(buffer: try await client.page("/pre-reviews", try await client.signIn(.approver)).body)
            #expect(page.contains(id) && page.contains("部门预审"))

            let decided = try await client.json("/api/v1/pre-reviews/\(id)/decision", method: .post, token: approver, body: #"{"decision":"accept"}"#)
            #expect(decided.status == .ok)
            let text = try #require(try JSON.object(decided.body)["caseNumber"] as? String)
            let number = try #require(CaseNumber(parsing: text))
            let record = try #require(try await app.services.cases.repository.find(number))
            #expect(record.state == .accepted && record.hall == "CC" && record.window == nil && record.application == id && record.trips == 0)
            let events = try #require(try await app.services.cases.repository.findWithEvents(number)).1
            #expect(events.first { $0.action == "accept" }?.staffNumber == "N-approver")
        }
    }
}
