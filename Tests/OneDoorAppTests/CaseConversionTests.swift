@testable import OneDoorAPI
import Foundation
import Mustache
@testable import OneDoorWeb
import OneDoorCore
import OneDoorTestSupport
import Testing

/// The field-by-field case conversions give exactly what re-coding through JSON gives (and a
/// listing decoded from a stored case what the case holds), for cases
/// with every optional part filled and with none: a field added to the spec or the domain and
/// forgotten in `Convert.caseBody` fails here.
@Suite struct CaseConversionTests {
    let calendar = CalendarFixtures.calendar
    let food = ServiceItem(status: .published, version: 1, latestVersion: 1, publishedVersion: 1, guide: Fixtures.foodLicence())
    let clerk = CaseActor(accountID: 1, name: "窗口一号", staffNumber: "C001", role: .clerk, hall: "ZM")
    let approver = CaseActor(accountID: 2, name: "李审批", staffNumber: "A001", role: .approver, department: "SCJG")
    let reviewer = CaseActor(accountID: 3, name: "王审核", staffNumber: "A003", role: .approver, department: "SCJG")

    func intake(_ applicant: Applicant, agent: Person? = nil, outcome: IntakeOutcome = .accept, defect: String = "") throws -> (CaseRecord, [CaseEvent]) {
        let request = IntakeRequest(itemCode: food.code, applicant: applicant, agent: agent, window: "3", materials: [
            MaterialReceipt(name: "食品经营许可申请书", received: true, pages: 2),
            MaterialReceipt(name: "营业执照", received: true, original: false, electronic: true, pages: 1, defect: defect),
            MaterialReceipt(name: "经营场所平面图", received: false, dueDate: CivilDate("2026-10-15")),
        ], outcome: outcome)
        return try Intake.open(request, item: food, hall: Fixtures.halls[1], actor: clerk, today: CivilDate("2026-09-28")!, now: 1_790_557_200, calendar: calendar)
    }

    func expectSame(_ record: CaseRecord, _ events: [CaseEvent]) throws {
        #expect(try Convert.caseBody(record) == (try Convert.recode(record, as: Components.Schemas.Case.self)))
        // Lists decode only a listing from the stored document: it holds what the record holds.
        #expect(try JSONDecoder().decode(CaseListing.self, from: JSONEncoder().encode(record)) == CaseListing(record))
        // A queue row answers every one of its fields by name, as reflection would.
        let row = CaseRow(CaseListing(record), light: .green)
        for field in Mirror(reflecting: row).children {
            #expect(row.child(named: field.label!).map { "\($0)" } == "\(field.value)", "CaseRow.\(field.label!)")
        }
        for event in events {
            #expect(Convert.event(event) == (try Convert.recode(event, as: Components.Schemas.CaseEvent.self)))
        }
    }

    @Test func aPersonsCaseThroughEveryStep() throws {
        let person = Person(name: "张三", documentType: .residentID, documentNumber: "44011320141005001X", phone: "13800138000")
        let agent = Person(name: "李四", documentType: .passport, documentNumber: "E12345678", phone: "")
        var (record, events) = try intake(.person(person), agent: agent)
        record.visit = CaseVisit(ticket: "t1", number: "A007", queue: "social", queueName: "社会事务", issuedAt: 1_790_557_200, calledAt: 1_790_557_954)
        try expectSame(record, events)
        let steps: [(CaseAction, CaseActor)] = [
            (.startSpecialProcedure(kind: .testing, reason: "送检", expectedDays: 10), approver),
            (.endSpecialProcedure(opinion: "检验合格"), approver),
            (.extend(days: 5, approvedBy: "王局长", reason: "情况复杂"), approver),
            (.undertake(opinion: "同意"), approver), (.review(opinion: "同意"), reviewer),
            (.receiveMaterials(materials: [MaterialReceipt(name: "经营场所平面图", received: true, pages: 3)], opinion: "补交"), clerk),
            (.decide(granted: true, opinion: "准予许可"), approver.with(id: 4)), (.conclude(opinion: "制证"), approver.with(id: 4)),
            (.deliver(method: .post, trackingNumber: "EMS1234567890"), clerk),
        ]
        for (i, (action, actor)) in steps.enumerated() {
            let (next, event) = try CaseLifecycle.apply(action, to: record, by: actor, today: CivilDate("2026-09-29")!.adding(days: i),
                                                        now: 1_790_557_200 + Int64(i), calendar: calendar)
            record = next
            events.append(event)
            try expectSame(record, events)
        }
        #expect(record.decision != nil && record.delivery?.trackingNumber == "EMS1234567890" && record.extensionDays == 5)
    }

    @Test func anEnterpriseRefusedAndOneWaitingForCorrection() throws {
        let enterprise = Enterprise(name: "佛山市禅城区某餐饮有限公司", uscc: "91440604MA4UXXXX0X", legalRepresentative: "王五",
                                    phone: "075712345678", checksumOverrideReason: "营业执照原件核对无误")
        let (refused, refusal) = try intake(.enterprise(enterprise), outcome: .refuse(reason: "不属于本机关职权", referral: "佛山市市场监督管理局"))
        try expectSame(refused, refusal)
        let (waiting, notice) = try intake(.enterprise(enterprise), outcome: .requestCorrection, defect: "复印件不清晰")
        try expectSame(waiting, notice)
    }
}

extension CaseActor {
    /// The same kind of actor as another person (another account).
    func with(id: Int64) -> CaseActor {
        var other = self
        other.accountID = id
        return other
    }
}
