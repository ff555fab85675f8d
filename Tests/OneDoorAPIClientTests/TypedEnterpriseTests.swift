import Foundation
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorStorage
import OneDoorTestSupport
import Testing

/// Enterprises reached through people (issue 15 §1, ADR 0027), on both databases: the legal
/// representative registers the enterprise and authorises an agent, who applies for it; a second
/// claim is refused; a clerk's verification opens the enterprise's window cases to its people.
@Suite struct TypedEnterpriseTests {
    static let uscc = "91440604MA4UJ1234" + String(USCC.checkCharacter(for: "91440604MA4UJ1234")!)

    @Test(arguments: TestDatabaseKind.available)
    func anAgentAuthorisedByTheLegalRepresentativeAppliesForTheEnterprise(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let representative = try await TypedApplicationTests.citizen("13800138000", client, app)
            let agent = try await TypedApplicationTests.citizen("13700137000", name: "李四", id: "11010519491231002X", client, app)
            let stranger = try await TypedApplicationTests.citizen("13600136000", name: "王五", id: Fixtures.residentID(9), client, app)

            let bad = try await representative.registerEnterprise(body: .json(.init(uscc: "91440604MA4UJ12340", name: ""))).unprocessableContent
                .body.applicationProblemJson
            #expect(Set(bad.errors?.map(\.path) ?? []) == ["uscc", "name"])
            let registered = try await representative.registerEnterprise(body: .json(.init(uscc: Self.uscc.lowercased(), name: "佛山市某某餐饮有限公司")))
                .created.body.json
            #expect(registered.uscc == Self.uscc && registered.role == .legalRepresentative && !registered.verified && registered.legalRepresentative == "张三")
            // One legal representative per enterprise: another account's claim is refused.
            _ = try await stranger.registerEnterprise(body: .json(.init(uscc: Self.uscc, name: "冒名公司"))).conflict

            // The grant names a real, real-named account; every problem at once.
            let wrong = try await representative.grantEnterpriseAgent(path: .init(uscc: Self.uscc), body: .json(.init(
                phone: "13700137000", name: "李五", endsOn: "2026-09-01"))).unprocessableContent.body.applicationProblemJson
            #expect(Set(wrong.errors?.map(\.path) ?? []) == ["name", "endsOn"])
            _ = try await representative.grantEnterpriseAgent(path: .init(uscc: Self.uscc), body: .json(.init(
                phone: "13500135000", name: "赵六", endsOn: "2026-12-31"))).unprocessableContent
            // Only the legal representative manages agents.
            _ = try await stranger.grantEnterpriseAgent(path: .init(uscc: Self.uscc), body: .json(.init(
                phone: "13600136000", name: "王五", endsOn: "2026-12-31"))).notFound
            let granted = try await representative.grantEnterpriseAgent(path: .init(uscc: Self.uscc), body: .json(.init(
                phone: "13700137000", name: "李四", items: [TypedApplicationTests.food], endsOn: "2026-12-31"))).created.body.json
            #expect(granted.phone == "137****7000" && granted.items == [TypedApplicationTests.food] && granted.grantedBy == "法定代表人")
            #expect(try await representative.listEnterpriseAgents(path: .init(uscc: Self.uscc)).ok.body.json.items.map(\.name) == ["李四"])

            // The agent sees the enterprise and applies for it: the enterprise is the applicant, the agent the 经办人.
            let mine = try await agent.listMyEnterprises().ok.body.json.items
            #expect(mine.map(\.role) == [.agent] && mine.first?.endsOn == "2026-12-31")
            let application = try await agent.createApplication(body: .json(.init(item: TypedApplicationTests.food, enterprise: Self.uscc))).created.body.json
            #expect(application.applicant.enterprise?.uscc == Self.uscc && application.applicant.enterprise?.legalRepresentative == "张三")
            #expect(application.agent?.name == "李四" && application.agent?.documentNumber == "1101**********002X")
            // Someone with no grant cannot.
            _ = try await stranger.createApplication(body: .json(.init(item: TypedApplicationTests.food, enterprise: Self.uscc))).notFound

            // Revoked: no more applications for the enterprise.
            _ = try await representative.revokeEnterpriseAgent(path: .init(uscc: Self.uscc, phone: "13700137000")).noContent
            _ = try await agent.createApplication(body: .json(.init(item: TypedApplicationTests.food, enterprise: Self.uscc))).notFound

            // A case accepted at a window for the enterprise reaches its legal representative once a clerk has verified them.
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            var intake = TypedCaseTests.intake()
            intake.applicant = .init(enterprise: .init(name: "佛山市某某餐饮有限公司", uscc: Self.uscc, legalRepresentative: "张三", phone: "13800138000"))
            let number = try await clerk.createCase(body: .json(intake)).created.body.json._case.number
            #expect(!(try await representative.listMyCases().ok.body.json.items.map(\.number).contains(number)))
            _ = try await ClientHarness.signedIn(client, "undertaker").verifyEnterprise(body: .json(.init(uscc: Self.uscc, phone: "13800138000"))).forbidden
            _ = try await clerk.verifyEnterprise(body: .json(.init(uscc: Self.uscc, phone: "13600136000"))).notFound
            #expect(try await clerk.verifyEnterprise(body: .json(.init(uscc: Self.uscc, phone: "13800138000"))).ok.body.json.verified)
            #expect(try await representative.listMyCases().ok.body.json.items.map(\.number).contains(number))
            #expect(try await app.services.audit.repository.list(PageRequest(page: 1, pageSize: 20)).entries.contains { $0.action == "enterprise.verify" })

            // What was sent about the enterprise's case (to the phone given at the window) is read
            // by each of its authorised people in 我的消息; not by anyone else.
            _ = try await representative.grantEnterpriseAgent(path: .init(uscc: Self.uscc), body: .json(.init(
                phone: "13700137000", name: "李四", endsOn: "2026-12-31"))).created
            let told = try await agent.listMyMessages().ok.body.json.items
            #expect(told.contains { $0.body.contains("已受理") && $0.body.contains(number) })
            #expect(!(try await stranger.listMyMessages().ok.body.json.items.contains { $0.body.contains(number) }))
        }
    }

    /// The open enterprise register (issue 18 §7): a verified enterprise is listed with its public
    /// fields — code, name, kind and region read from the code, the day verified — and never its
    /// legal representative; one only registered, not verified at a window, is not listed.
    @Test(arguments: TestDatabaseKind.available)
    func theOpenRegisterListsVerifiedEnterprisesWithPublicFieldsOnly(_ kind: TestDatabaseKind) async throws {
        try await ClientHarness.run(kind) { client, app in
            let representative = try await TypedApplicationTests.citizen("13800138000", client, app)
            let other = try await TypedApplicationTests.citizen("13600136000", name: "王五", id: Fixtures.residentID(9), client, app)
            let unverified = "92440604MA4UJ5678" + String(USCC.checkCharacter(for: "92440604MA4UJ5678")!)
            _ = try await representative.registerEnterprise(body: .json(.init(uscc: Self.uscc, name: "佛山市某某餐饮有限公司"))).created
            _ = try await other.registerEnterprise(body: .json(.init(uscc: unverified, name: "禅城区某某小吃店"))).created
            let clerk = try await ClientHarness.signedIn(client, "clerk")
            _ = try await clerk.verifyEnterprise(body: .json(.init(uscc: Self.uscc, phone: "13800138000"))).ok

            let response = try await client.execute(uri: "/api/v1/open-data/datasets/enterprises", method: .get, headers: [.accept: "application/json"])
            #expect(response.status == .ok)
            let page = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            let rows = try #require(page?["rows"] as? [[String: Any]])
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(row["uscc"] as? String == Self.uscc && row["name"] as? String == "佛山市某某餐饮有限公司")
            #expect(row["verified_on"] as? String == app.calendar.today.description)
            #expect((row["kind"] as? String)?.isEmpty == false && row["region_code"] as? String == "440604")
            let text = String(buffer: response.body)
            #expect(!text.contains("张三") && !text.contains("13800138000") && !text.contains(unverified))
        }
    }
}
