import Foundation
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
import Testing

/// A server remembers the cases it stored (to act on them without decoding them again); when
/// another server on the same database moved a case meanwhile, what it remembers is stale, and
/// every action is still decided on the stored case: no lost step, no wrong refusal.
@Suite struct CaseMemoryTests {
    @Test(arguments: TestDatabaseKind.available)
    func anotherServersStepIsNeverLost(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, app in
            // A second server on the same database (its messages to the first are not running here).
            let other = try await buildApplication(
                configuration: AppConfiguration(port: 0, bcryptCost: 4), database: app.cases.repository.database,
                clock: FixedClock(TestApp.start), logger: TestApp.quiet
            )
            func identity(_ username: String) async throws -> Identity {
                let stored = try #require(try await app.auth.accounts.find(username: username))
                return Identity(account: stored.account, sessionTokenHash: "", csrfToken: "")
            }
            let all = #"[{"name":"食品经营许可申请书","received":true,"pages":2},{"name":"营业执照","received":true},{"name":"经营场所平面图","received":true}]"#
            let opened = try await client.json("/api/v1/cases", method: .post, token: try await client.token(.clerk), body: CaseAPITests.intake(materials: all))
            let number = try #require(try JSON.object(opened.body)["case"].flatMap { ($0 as? [String: Any])?["number"] as? String })

            // This server remembers revision 1; the other undertakes (revision 2).
            _ = try await other.cases.act(CaseNumber(rawValue: number), .undertake(opinion: "拟准予"), expectedRevision: 1, by: try await identity("approver"), client: "test")
            // Reviewing here at revision 2 reads the case afresh.
            let reviewed = try await client.json("/api/v1/cases/\(number)/actions/review", method: .post, token: try await client.token("reviewer"),
                                                 body: #"{"revision":2,"opinion":"同意"}"#)
            #expect(reviewed.status == .ok)
            // The other decides (revision 4); concluding here without a revision starts from what
            // this server remembers (reviewed), which refuses — and is decided again on the stored case.
            _ = try await other.cases.act(CaseNumber(rawValue: number), .decide(granted: true, opinion: "准予"), expectedRevision: 3, by: try await identity("decider"), client: "test")
            let concluded = try await client.json("/api/v1/cases/\(number)/actions/conclude", method: .post, token: try await client.token("decider"),
                                                  body: #"{"opinion":"制证"}"#)
            #expect(concluded.status == .ok)
            let record = try #require(try await app.cases.repository.findWithEvents(CaseNumber(rawValue: number)))
            #expect(record.0.state == .concluded && record.0.revision == 5)
            #expect(record.1.map(\.action) == ["accept", "undertake", "review", "decide", "conclude"])

            // The pages read an action's form against the case this server remembers (material
            // names only); the action is still decided on the stored one. Here the remembered case
            // is concluded (revision 5), the other server delivers (revision 6), and a page's
            // withdrawal at revision 6 is refused for the delivered case, not the concluded one.
            _ = try await other.cases.act(CaseNumber(rawValue: number), .deliver(method: .pickup, trackingNumber: nil), expectedRevision: 5,
                                          by: try await identity("clerk"), client: "test")
            let clerk = try await client.signIn(.clerk)
            let withdrawn = try await client.post("/cases/\(number)/actions/withdraw", clerk, [("revision", "6"), ("opinion", "撤回")])
            #expect(withdrawn.status == .conflict)
            #expect(String(buffer: withdrawn.body).contains("已送达"))
        }
    }
}
