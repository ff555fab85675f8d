import Foundation
import HummingbirdTesting
import OneDoorApp
import OneDoorCore
@testable import OneDoorServices
import OneDoorTestSupport
import Testing

/// The window's evaluator (一次一评, issue 18 §1), on SQLite and PostgreSQL: a device of the hall,
/// registered like its kiosks, shows the name card of the clerk who served and, once a visit
/// finished at its window, asks for its rating — once, within minutes; a 差评 needs its reason
/// and opens the hall's rectification; other windows' and old visits are refused.
@Suite struct EvaluatorTests {
    @Test(arguments: TestDatabaseKind.available)
    func aVisitJustFinishedIsRatedOnceAtItsWindow(_ kind: TestDatabaseKind) async throws {
        let clock = FixedClock(TestApp.start)
        try await TestApp.run(kind, clock: clock) { client, app in
            let path = "/halls/CC/windows/1/evaluator"
            #expect(try await client.page(path, nil).status == .unauthorized)
            let token = try await client.kioskToken()
            let registered = try await client.post("/halls/CC/kiosk/register", nil, [("token", token)])
            let device = WebSession(cookie: String(try #require(registered.headers[.setCookie]).split(separator: ";")[0]), csrf: "")
            let waiting = String(buffer: try await client.page(path, device).body)
            #expect(waiting.contains("id=\"evaluator-waiting\"") && waiting.contains("http-equiv=\"refresh\""))

            // A visit served and finished at window 1.
            let kiosk = try await client.kioskToken()
            let clerk = try await client.token(.clerk)
            let issued = try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk, body: QueueAPITests.ticketBody()).body)
            let id = try #require(issued["id"] as? String)
            _ = try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk)
            #expect(try await client.json("/api/v1/tickets/\(id)/actions/start", method: .post, token: clerk, body: #"{"window":"1"}"#).status == .ok)
            #expect(try await client.json("/api/v1/tickets/\(id)/actions/finish", method: .post, token: clerk, body: #"{"window":"1"}"#).status == .ok)

            let asking = String(buffer: try await client.page(path, device).body)
            #expect(asking.contains("id=\"evaluator-form\"") && asking.contains("value=\"\(id)\"") && asking.contains("N-clerk"))
            #expect(!asking.contains("http-equiv=\"refresh\""))
            // A 差评 names its reason first; then it is stored with the window and the clerk, and the hall's rectification opens.
            let silent = try await client.post(path, device, [("ticket", id), ("level", "2")])
            #expect(silent.status == .unprocessableContent && String(buffer: silent.body).contains("差评请选择或填写不满意的原因"))
            let rated = try await client.post(path, device, [("ticket", id), ("level", "2"), ("reason", "slow")])
            #expect(rated.status == .ok && String(buffer: rated.body).contains("谢谢您的评价"))
            let rating = try #require(try await app.services.ratings.repository.rating(of: .ticket(id)))
            #expect(rating.level == .dissatisfied && rating.channel == .window && rating.context.window == "1" && rating.context.staffNumber == "N-clerk")
            #expect(rating.rater == Applicant.person(Person(name: "", documentType: .residentID, documentNumber: QueueAPITests.person.uppercased())).key)
            let clerkIdentity = try #require(try await app.auth.authenticate(token: clerk, kind: .bearer))
            let open = try await app.services.ratings.openRectifications(by: clerkIdentity)
            #expect(open.count == 1 && open[0].hall == "CC" && open[0].department == nil)

            // Once only; then the evaluator waits again.
            #expect(try await client.post(path, device, [("ticket", id), ("level", "5")]).status == .conflict)
            #expect(String(buffer: try await client.page(path, device).body).contains("id=\"evaluator-waiting\""))
            // A device of this hall is no evaluator of another's; no window, no evaluator.
            #expect(try await client.post("/halls/ZM/windows/1/evaluator", device, [("ticket", id), ("level", "5")]).status == .unauthorized)
            #expect(try await client.page("/halls/CC/windows/2/evaluator", device).status == .notFound)
            // A visit not rated within the evaluator's minutes is no longer asked for nor taken.
            let later = try JSON.object(try await client.json("/api/v1/halls/CC/tickets", method: .post, token: kiosk,
                                                              body: QueueAPITests.ticketBody("E1234567", type: "passport")).body)
            let second = try #require(later["id"] as? String)
            _ = try await client.json("/api/v1/windows/1/call-next", method: .post, token: clerk)
            _ = try await client.json("/api/v1/tickets/\(second)/actions/start", method: .post, token: clerk, body: #"{"window":"1"}"#)
            _ = try await client.json("/api/v1/tickets/\(second)/actions/finish", method: .post, token: clerk, body: #"{"window":"1"}"#)
            #expect(try await app.services.ratings.evaluator(hall: "CC", window: "1").ticketID == second)
            clock.advance(by: 11 * 60)
            #expect(try await app.services.ratings.evaluator(hall: "CC", window: "1").ticketID == nil)
            #expect(try await client.post(path, device, [("ticket", second), ("level", "5")]).status == .conflict)
        }
    }
}
