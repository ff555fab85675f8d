import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OneDoorCore
import OneDoorTestSupport
import Testing

/// The kiosk, the ticket, the call screen and the window workstation as pages.
@Suite struct QueuePagesTests {
    @Test(arguments: TestDatabaseKind.available)
    func fromKioskToWindow(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            let kiosk = String(buffer: try await client.page("/halls/CC/kiosk", nil).body)
            #expect(kiosk.contains("社会民生类") && kiosk.contains(#"value="social""#))

            // Every problem is shown on the kiosk; nothing is issued.
            let bad = try await client.post("/halls/CC/kiosk", nil, [("queue", ""), ("documentType", "resident-id"), ("documentNumber", "123")])
            #expect(bad.status == .unprocessableContent)
            let badHTML = String(buffer: bad.body)
            #expect(badHTML.contains(#"data-path="queue""#) && badHTML.contains(#"data-path="documentNumber""#))

            let issued = try await client.post("/halls/CC/kiosk", nil, [("queue", "social"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X"), ("priority", "")])
            #expect(issued.status == .seeOther)
            let location = try #require(issued.headers[.location])
            #expect(location.hasPrefix("/tickets/") && location.hasSuffix("?print=1"))
            let ticket = String(buffer: try await client.page(location, nil).body)
            #expect(ticket.contains("A001") && ticket.contains("4401**********001X") && !ticket.contains("44011320141005001X"))
            #expect(ticket.contains("<svg") && ticket.contains("前面还有"))

            // The same person again: the kiosk says why.
            let twice = try await client.post("/halls/CC/kiosk", nil, [("queue", "social"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X")])
            #expect(twice.status == .conflict && String(buffer: twice.body).contains("已有一个未办结的号"))

            let screen = String(buffer: try await client.page("/halls/CC/screen", nil).body)
            #expect(screen.contains("欢迎光临") && screen.contains(#"data-waiting="social">1<"#))

            // Only clerks work a window.
            let approver = try await client.signIn(.approver)
            #expect(try await client.page("/workstation", approver).status == .forbidden)
            let clerk = try await client.signIn(.clerk)
            let desk = String(buffer: try await client.page("/workstation", clerk).body)
            #expect(desk.contains("叫下一个号") && desk.contains("本窗口暂无"))
            let call = try await client.post("/workstation/call-next", clerk, [("window", "1")])
            #expect(call.status == .seeOther)
            let called = String(buffer: try await client.page(try #require(call.headers[.location]), clerk).body)
            #expect(called.contains("A001 已叫号") && called.contains(#"data-action="start""#) && called.contains(#"data-action="recall""#))
            #expect(!called.contains(#"data-action="finish""#))
            let shown = String(buffer: try await client.page("/halls/CC/screen", nil).body)
            #expect(shown.contains("请 <strong>A001</strong> 号到 <strong>1</strong> 号窗口办理"))

            // Start and finish from the workstation; nobody left to call is said plainly.
            let id = String(location.dropFirst("/tickets/".count).prefix(12))
            #expect(try await client.post("/workstation/tickets/\(id)/start", clerk, [("window", "1")]).status == .seeOther)
            #expect(try await client.post("/workstation/tickets/\(id)/finish", clerk, [("window", "1")]).status == .seeOther)
            let again = try await client.post("/workstation/tickets/\(id)/finish", clerk, [("window", "1")])
            #expect(again.status == .conflict && String(buffer: again.body).contains("已结束"))
            let empty = try await client.post("/workstation/call-next", clerk, [("window", "1")])
            #expect(empty.status == .notFound && String(buffer: empty.body).contains("没有人等候"))
        }
    }
}
