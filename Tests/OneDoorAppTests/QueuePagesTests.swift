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
            let kioskBrowser = try await client.kioskBrowser()
            let kiosk = String(buffer: try await client.page("/halls/CC/kiosk", kioskBrowser).body)
            #expect(kiosk.contains("社会民生类") && kiosk.contains(#"value="social""#))

            // Every problem is shown on the kiosk; nothing is issued.
            let bad = try await client.post("/halls/CC/kiosk", kioskBrowser, [("queue", ""), ("documentType", "resident-id"), ("documentNumber", "123")])
            #expect(bad.status == .unprocessableContent)
            let badHTML = String(buffer: bad.body)
            #expect(badHTML.contains(#"data-path="queue""#) && badHTML.contains(#"data-path="documentNumber""#))

            let issued = try await client.post("/halls/CC/kiosk", kioskBrowser, [("queue", "social"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X"), ("priority", "")])
            #expect(issued.status == .seeOther)
            let location = try #require(issued.headers[.location])
            #expect(location.hasPrefix("/tickets/") && location.hasSuffix("?print=1&kiosk=1"))
            let ticket = String(buffer: try await client.page(location, nil).body)
            #expect(ticket.contains("A001") && ticket.contains("4401**********001X") && !ticket.contains("44011320141005001X"))
            #expect(ticket.contains("<svg") && ticket.contains("前面还有"))

            // The same person again: the kiosk says why.
            let twice = try await client.post("/halls/CC/kiosk", kioskBrowser, [("queue", "social"), ("documentType", "resident-id"), ("documentNumber", "44011320141005001X")])
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

            // 取号 → 受理: the called ticket opens the intake with the holder's document and this window filled in.
            let id = String(location.dropFirst("/tickets/".count).prefix(12))
            #expect(called.contains("/cases/new?ticket=\(id)"))
            let food = Fixtures.foodLicence().implementationCode
            let pick = String(buffer: try await client.page("/cases/new?ticket=\(id)", clerk).body)
            #expect(pick.contains("为排队号 <strong>A001（") && pick.contains("item=\(food)&amp;ticket=\(id)"))
            let form = String(buffer: try await client.page("/cases/new?item=\(food)&ticket=\(id)", clerk).body)
            #expect(form.contains(#"name="ticket" value="\#(id)""#) && form.contains(#"value="44011320141005001X""#))
            #expect(form.contains(#"id="window" name="window" value="1""#))
            let posted = try await client.post("/cases", clerk, [
                ("item", food), ("ticket", id), ("applicantType", "person"), ("name", "张三"), ("documentType", "resident-id"),
                ("documentNumber", "44011320141005001X"), ("window", "1"), ("m0.received", "on"), ("m1.received", "on"),
                ("m2.received", "on"), ("outcome", "accept"),
            ])
            #expect(posted.status == .seeOther)
            let opened = String(buffer: try await client.page(try #require(posted.headers[.location]), clerk).body)
            #expect(opened.contains(#"<dd id="visit">A001（"#) && opened.contains("等候 0 分钟"))
            let serving = String(buffer: try await client.page("/workstation?window=1", clerk).body)
            #expect(serving.contains("办理中") && serving.contains(#"办件 <a href="/cases/"#) && serving.contains("再受理一件"))

            // Finish from the workstation; nobody left to call is said plainly.
            #expect(try await client.post("/workstation/tickets/\(id)/finish", clerk, [("window", "1")]).status == .seeOther)
            let again = try await client.post("/workstation/tickets/\(id)/finish", clerk, [("window", "1")])
            #expect(again.status == .conflict && String(buffer: again.body).contains("已结束"))
            let empty = try await client.post("/workstation/call-next", clerk, [("window", "1")])
            #expect(empty.status == .notFound && String(buffer: empty.body).contains("没有人等候"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func anAdministratorSetsUpQueuesInThePages(_ kind: TestDatabaseKind) async throws {
        try await TestApp.run(kind) { client, _ in
            #expect(try await client.page("/admin/halls/CC/queues", try await client.signIn(.clerk)).status == .forbidden)
            let admin = try await client.signIn(.admin)
            let page = String(buffer: try await client.page("/admin/halls/CC/queues", admin).body)
            #expect(page.contains("A 社会民生类") && page.contains(#"value="social,business""#) && page.contains("按窗口类别"))

            // Every problem of a new queue at once, with what was typed.
            let bad = try await client.post("/admin/halls/CC/queues", admin, [
                ("code", "crj"), ("name", "公安出入境"), ("prefix", "a"), ("firstNumber", "x"), ("lastNumber", "5000"), ("targetWaitMinutes", "0"),
            ])
            #expect(bad.status == .unprocessableContent)
            let badHTML = String(buffer: bad.body)
            #expect(badHTML.contains(#"data-path="firstNumber""#) && badHTML.contains(#"data-path="prefix""#) && badHTML.contains(#"data-path="targetWaitMinutes""#))
            #expect(badHTML.contains(#"value="公安出入境""#))

            let added = try await client.post("/admin/halls/CC/queues", admin, [
                ("code", "crj"), ("name", "公安出入境"), ("prefix", "c"), ("firstNumber", "1"), ("lastNumber", "5000"), ("targetWaitMinutes", "20"),
            ])
            #expect(added.status == .seeOther)
            let after = String(buffer: try await client.page(try #require(added.headers[.location]), admin).body)
            #expect(after.contains("C 公安出入境") && after.contains(#"value="5000""#))

            // Window 1 calls the new queue first; an unknown code is named by its position.
            let unknown = try await client.post("/admin/halls/CC/windows/1/queues", admin, [("queues", "crj，nope")])
            #expect(unknown.status == .unprocessableContent && String(buffer: unknown.body).contains(#"data-path="queues[1]""#))
            #expect(try await client.post("/admin/halls/CC/windows/1/queues", admin, [("queues", "crj, social")]).status == .seeOther)
            let profile = String(buffer: try await client.page("/admin/halls/CC/queues", admin).body)
            #expect(profile.contains(#"value="crj,social""#) && profile.contains("自定义"))
            let overview = try JSON.object(try await client.json("/api/v1/halls/CC/queues").body)["queues"] as? [[String: Any]]
            #expect(overview?.first { $0["code"] as? String == "crj" }?["windows"] as? [String] == ["1"])
        }
    }
}

