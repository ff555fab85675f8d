import Foundation
import OneDoorCore
import OneDoorServices
@testable import OneDoorStorage
import OneDoorTestSupport
import Testing

/// The hand-written stored document of a case (ADR 0021) is read back by `JSONDecoder` as the
/// very case that was written, for every kind of case the demo seeder makes: immediate and
/// promised, persons and enterprises, agents, corrections, refusals, special procedures,
/// decisions, deliveries, visits from tickets.
@Suite struct CaseDocumentTests {
    static func demoCases(_ count: Int) throws -> [(CaseRecord, [CaseEvent])] {
        let document = try DemoData.catalog()
        let organisation = Organisation(
            regions: document.regions, itemTypes: document.itemTypes, windowCategories: document.windowCategories,
            departments: document.departments, halls: document.halls, windows: document.windows
        )
        let items = document.items.compactMap { record in
            record.versions.last.map { ServiceItem(status: record.status, version: record.versions.count, latestVersion: record.versions.count,
                                                   publishedVersion: record.publishedVersion, guide: $0) }
        }
        let snapshot = CatalogSnapshot(organisation: organisation, items: items, pinyin: nil, generation: 1)
        // Four seeders' cases, a quarter each: what one seed leaves out (a case left concluded and
        // not yet delivered), another makes, however the catalogue grows.
        var cases: [(CaseRecord, [CaseEvent])] = []
        for seed in 1...4 {
            var seeder = CaseSeeder(snapshot: snapshot, calendar: CalendarFixtures.calendar, today: CivilDate("2026-11-30")!, seed: UInt64(seed))
            let share = (count + 3) / 4
            var made = 0, attempts = 0
            while made < share && cases.count < count && attempts < share * 10 {
                attempts += 1
                if let next = seeder.next(on: seeder.pastWorkingDay(within: 300)) { cases.append(next); made += 1 }
            }
        }
        return cases
    }

    @Test func everyDemoCaseReadsBackAsWritten() throws {
        let cases = try Self.demoCases(400)
        #expect(cases.count == 400)
        var seen: Set<String> = []
        for (record, events) in cases {
            var numbered = record
            numbered.number = "CC-20261130-00001"
            let decoded = try JSONDecoder().decode(CaseRecord.self, from: Data(CaseDocument.json(numbered).utf8))
            #expect(decoded == numbered)
            for event in events {
                #expect(try JSONDecoder().decode(CaseEvent.self, from: Data(CaseDocument.json(event).utf8)) == event)
            }
            seen.insert(record.state.rawValue)
            if record.agent != nil { seen.insert("agent") }
            if record.visit != nil { seen.insert("visit") }
            if record.specialProcedure != nil { seen.insert("special") }
            if record.decision != nil { seen.insert("decision") }
            if record.delivery != nil { seen.insert("delivery") }
            if case .enterprise = record.applicant { seen.insert("enterprise") }
            if record.materials.contains(where: { $0.dueDate != nil }) { seen.insert("due") }
        }
        // The sample covers what the document can hold.
        for kind in ["decision", "delivery", "enterprise", "concluded", "not-accepted", "withdrawn", "reviewed"] {
            #expect(seen.contains(kind), "no demo case with \(kind)")
        }
    }

    /// Every optional part set, which the seeder does not make: an agent, a theme case's link, a visit from a ticket,
    /// a special procedure, materials due and received later, an overridden USCC check, an online
    /// application with its delivery choice and trips.
    @Test func aCaseWithEveryPartReadsBackAsWritten() throws {
        var record = try #require(try Self.demoCases(1).first).0
        record.window = "3"
        record.agent = Person(name: "李四", documentType: .passport, documentNumber: "E12345678", phone: "020-1234")
        record.applicant = .enterprise(Enterprise(name: "佛山市某某餐饮有限公司", uscc: "91440604MA4UJ1234X", legalRepresentative: "王五",
                                                  checksumOverrideReason: "早期试点代码"))
        record.theme = CaseThemeLink(number: "CCZX-20261130-00009", code: "YJS001", waitsFor: ["1144060400700010XT4010140013000", "X"], together: true)
        record.concludedOn = CivilDate(year: 2026, month: 12, day: 1)
        record.workingDaysTaken = 3
        record.correctionNotices = 1
        record.sentBackToIntake = 2
        record.visit = CaseVisit(ticket: "t1", number: "A012", queue: "social", queueName: "社会民生类", issuedAt: 100, calledAt: 700)
        // (These three have no public initialiser: the lifecycle makes them.)
        func decode<T: Decodable>(_ json: String) throws -> T { try JSONDecoder().decode(T.self, from: Data(json.utf8)) }
        record.specialProcedure = try decode(#"{"kind":"expert-review","reason":"专家评审","startedOn":"2026-11-02","expectedDays":10}"#)
        record.materials = [
            CaseMaterial(name: "申请书", necessity: .required, received: true, original: false, electronic: true, pages: 3),
            CaseMaterial(name: "营业执照", necessity: .required, received: true, electronic: true, reused: "已有材料免提交：营业执照（电子证照 1.2.156.3005.2.SCJG01.X.1.001.0）"),
            CaseMaterial(name: "平面图", necessity: .deferrable, received: false, dueDate: CivilDate("2026-11-20")!, defect: "缺盖章"),
        ]
        record.materials[0].receivedOn = CivilDate("2026-11-03")!
        record.decision = try decode(#"{"granted":false,"reason":"不符合条件","decidedOn":"2026-11-10"}"#)
        record.delivery = try decode(#"{"method":"post","deliveredOn":"2026-11-12"}"#)
        record.refusal = "理由"
        record.referral = "向市局申请"
        record.chiefDecides = false
        record.acceptedOn = CivilDate("2026-11-02")!
        record.legalDeadline = CivilDate("2026-12-02")!
        record.undertakenBy = 7
        record.reviewedBy = 9
        record.decidedBy = 11
        record.extensionDays = 10
        record.pausedDays = 2
        record.application = "WS20261102ABCDEFGHJK"
        record.deliveryChoice = DeliveryChoice(method: .post, address: PostalAddress(recipient: "张三", phone: "13800138000", address: "禅城区\"岭南\"大道"))
        record.trips = 0
        #expect(try JSONDecoder().decode(CaseRecord.self, from: Data(CaseDocument.json(record).utf8)) == record)
        let actor = CaseActor(accountID: 1, name: "窗口一号", staffNumber: "C001", role: .clerk)
        let event = CaseEvent(action: "receive-materials", step: "补交材料", fromState: nil, toState: .accepted, at: 1_800_000_000, actor: actor,
                              opinion: "", attachments: ["文书一", "文书二"], materialChanges: ["平面图 已收"])
        #expect(try JSONDecoder().decode(CaseEvent.self, from: Data(CaseDocument.json(event).utf8)) == event)
    }

    /// Text that JSON must escape, and text it must not touch.
    @Test func hostileTextIsEscaped() throws {
        var record = try #require(try Self.demoCases(1).first).0
        record.itemName = "名\"称\\ \n\r\t\u{01}\u{1F} / </script> 😀"
        record.refusal = "\u{0}"
        let decoded = try JSONDecoder().decode(CaseRecord.self, from: Data(CaseDocument.json(record).utf8))
        #expect(decoded == record)
        #expect(CaseDocument.json(record).contains("</script>"))
    }

    @Test func numbersDatesAndListsAreWrittenAsJSONEncoderWould() throws {
        var w = JSONWriter()
        w.beginObject()
        for (i, n) in [Int64.min, -1, 0, 7, 1_790_557_200, Int64.max].enumerated() { w.field("n\(i)", n) }
        w.field("date", CivilDate("2026-01-05"))
        w.field("none", nil as String?)
        w.field("list", ["a", "b\"c"])
        w.field("empty", [String]())
        w.field("yes", true)
        w.endObject()
        #expect(w.text == #"{"n0":-9223372036854775808,"n1":-1,"n2":0,"n3":7,"n4":1790557200,"n5":9223372036854775807,"date":"2026-01-05","list":["a","b\"c"],"empty":[],"yes":true}"#)
        _ = try JSONSerialization.jsonObject(with: Data(w.text.utf8))
    }
}
