import Foundation
import OneDoorCore
import OneDoorServices
import OneDoorTestSupport
@testable import OneDoorWeb
import SnapshotTesting
import Testing

/// The printed notices as rendered HTML, from fixture cases, against reviewed snapshots in
/// `__Snapshots__/NoticeSnapshotTests/`: a change to a template, a label or the data shown on a
/// notice shows up here as a diff to review. Record anew with SNAPSHOT_TESTING_RECORD=all after
/// checking the diff.
@Suite struct NoticeSnapshotTests {
    let calendar = CalendarFixtures.calendar
    let food = ServiceItem(status: .published, version: 1, latestVersion: 1, publishedVersion: 1, guide: Fixtures.foodLicence())
    let clerk = CaseActor(accountID: 1, name: "窗口一号", staffNumber: "C001", role: .clerk, hall: "ZM")
    let undertaker = CaseActor(accountID: 2, name: "李承办", staffNumber: "A001", role: .approver, department: "SCJG")
    let reviewer = CaseActor(accountID: 3, name: "王审核", staffNumber: "A003", role: .approver, department: "SCJG")
    let decider = CaseActor(accountID: 4, name: "赵首席", staffNumber: "A004", role: .approver, department: "SCJG")
    static let day = CivilDate("2026-09-28")!
    static let progressURL = "https://zwfw.example.gov.cn/progress/ZM-20260928-00001?code=123456"

    func opened(_ outcome: IntakeOutcome, received: Bool = true, defect: String = "") throws -> (CaseRecord, [CaseEvent]) {
        let request = IntakeRequest(
            itemCode: food.code,
            applicant: .person(Person(name: "张三", documentType: .residentID, documentNumber: "44011320141005001X", phone: "13800138000")),
            agent: Person(name: "李四", documentType: .passport, documentNumber: "E12345678", phone: ""), window: "1",
            materials: [
                MaterialReceipt(name: "食品经营许可申请书", received: received, pages: 2),
                MaterialReceipt(name: "营业执照", received: true, original: false, electronic: true, pages: 1, defect: defect),
                MaterialReceipt(name: "经营场所平面图", received: false, dueDate: CivilDate("2026-10-15")),
            ],
            outcome: outcome
        )
        var (record, events) = try Intake.open(request, item: food, hall: Fixtures.halls[1], actor: clerk, today: Self.day, now: 1_790_557_200, calendar: calendar)
        record.number = "ZM-20260928-00001"
        record.queryCode = "123456"
        return (record, events)
    }

    func advanced(_ record: CaseRecord, _ events: [CaseEvent], _ steps: [(CaseAction, CaseActor)]) throws -> (CaseRecord, [CaseEvent]) {
        var (record, events) = (record, events)
        for (i, (action, actor)) in steps.enumerated() {
            let (next, event) = try CaseLifecycle.apply(action, to: record, by: actor, today: Self.day.adding(days: i + 1),
                                                        now: 1_790_557_200 + 86_400 * Int64(i + 1), calendar: calendar)
            record = next
            events.append(event)
        }
        return (record, events)
    }

    func html(_ kind: CaseNoticeKind, _ record: CaseRecord, _ events: [CaseEvent], receipt: Bool = false) async throws -> String {
        let pages = try await WebPages(secureCookies: false, publicBaseURL: "https://zwfw.example.gov.cn")
        let snapshot = CatalogSnapshot(organisation: Organisation(
            regions: Fixtures.regions, itemTypes: Fixtures.itemTypes, windowCategories: Fixtures.categories,
            departments: Fixtures.departments, halls: Fixtures.halls, windows: Fixtures.windows
        ), items: [food], pinyin: nil, generation: 1)
        let svg = try QRCode(text: Self.progressURL).svg(moduleSize: receipt ? 3 : 4, title: "扫码查询办件进度")
        #expect(CaseNoticeKind.available(for: record).contains(kind))
        return try pages.html("notice", NoticePage(kind: kind, record: record, events: events, snapshot: snapshot, progressURL: Self.progressURL,
                                                    qrSVG: svg, receipt: receipt, today: Self.day.adding(days: events.count)))
    }

    @Test func acceptanceOnA4AndOnTheReceiptPrinter() async throws {
        let (record, events) = try opened(.accept)
        let a4Page = try await html(.acceptance, record, events)
        assertSnapshot(of: a4Page, as: .lines, named: "a4")
        let receiptPage = try await html(.acceptance, record, events, receipt: true)
        assertSnapshot(of: receiptPage, as: .lines, named: "receipt")
    }

    @Test func correctionNamesEveryMissingOrDefectiveMaterial() async throws {
        let (record, events) = try opened(.requestCorrection, received: false, defect: "复印件不清晰")
        let page = try await html(.correction, record, events)
        assertSnapshot(of: page, as: .lines)
    }

    @Test func refusalNamesTheRemedies() async throws {
        let (record, events) = try opened(.refuse(reason: "申请事项不属于本机关职权范围", referral: "佛山市市场监督管理局"))
        let page = try await html(.refusal, record, events)
        assertSnapshot(of: page, as: .lines)
    }

    @Test func specialProcedure() async throws {
        let (opened, events) = try opened(.accept)
        let (record, all) = try advanced(opened, events, [(.startSpecialProcedure(kind: .testing, reason: "样品送检", expectedDays: 10), undertaker)])
        let page = try await html(.specialProcedure, record, all)
        assertSnapshot(of: page, as: .lines)
    }

    @Test func grantedAndDenied() async throws {
        let (opened, events) = try opened(.accept)
        let before: [(CaseAction, CaseActor)] = [
            (.receiveMaterials(materials: [MaterialReceipt(name: "经营场所平面图", received: true, pages: 3)], opinion: "补交"), clerk),
            (.undertake(opinion: "材料齐全，拟准予"), undertaker), (.review(opinion: "同意"), reviewer),
        ]
        let (granted, grantedEvents) = try advanced(opened, events, before + [(.decide(granted: true, opinion: "准予许可"), decider)])
        let grantedPage = try await html(.conclusion, granted, grantedEvents)
        assertSnapshot(of: grantedPage, as: .lines, named: "granted")
        let (denied, deniedEvents) = try advanced(opened, events, before + [(.decide(granted: false, opinion: "经营场所不符合食品安全要求"), decider)])
        let deniedPage = try await html(.conclusion, denied, deniedEvents)
        assertSnapshot(of: deniedPage, as: .lines, named: "denied")
    }
}
