import OneDoorCore
import OneDoorTestSupport
import Testing

/// What an applicant is told by SMS (ADR 0022): every template renders, only mobile numbers
/// get messages, each telling step is keyed once.
@Suite struct CaseMessagesTests {
    @Test func everyTemplateRendersWithTheValuesGiven() throws {
        let values = ["item": "食品经营许可", "number": "CC-20260928-00001", "hall": "禅城区行政服务中心",
                      "promised": "2026年10月10日", "tracking": "EMS1234567890", "material": "经营场所平面图", "due": "2026年10月15日",
                      "procedure": "专家评审", "days": "10", "link": "详见：https://zwfw.chancheng.gov.cn/me/cases/CC-20260928-00001",
                      "licence": "食品经营许可证", "until": "2031年9月27日"]
        for (code, template) in CaseMessages.templates {
            #expect(Set(template.placeholders).isSubset(of: Set(values.keys)), "\(code)")
            let text = try template.render(values).get().text
            // Two SMS segments at most (70 characters each).
            #expect(text.count <= 140 && !text.contains("{{"), "\(code)")
        }
    }

    @Test(arguments: ["13800138000", "138 0013 8000", "+8613800138000", "138-0013-8000"])
    func mobileNumbersAreRecognised(_ phone: String) {
        #expect(CaseMessages.mobile(phone) == "13800138000")
    }

    @Test(arguments: ["", "0757-83000003", "1380013800", "23800138000", "1380013800x"])
    func otherNumbersGetNoSMS(_ phone: String) {
        #expect(CaseMessages.mobile(phone) == nil)
    }

    @Test func eachTellingStepIsOneMessage() throws {
        let actor = CaseActor(accountID: 1, name: "窗口一号", staffNumber: "C001", role: .clerk, hall: "CC")
        var record = CaseRecord(
            number: "", queryCode: "654321", itemCode: "x", itemVersion: 1, itemName: "食品经营许可", caseKind: .promised,
            department: "SCJG", hall: "CC", window: "1",
            applicant: .person(Person(name: "张三", documentType: .residentID, documentNumber: "44011320141005001X", phone: "13800138000")),
            agent: nil, state: .accepted, receivedOn: CivilDate("2026-09-28")!, legalLimit: TimeLimit(days: 20), promisedLimit: TimeLimit(days: 5),
            materials: []
        )
        record.promisedDeadline = CivilDate("2026-10-10")
        func event(_ action: String) -> CaseEvent {
            CaseEvent(action: action, step: action, fromState: nil, toState: .accepted, at: 0, actor: actor, opinion: "")
        }
        // At intake the number is not yet given: storage puts it in for the placeholder.
        let accepted = CaseMessages.messages(record, events: [event("accept")], hallName: "禅城区行政服务中心")
        #expect(accepted.count == 1 && accepted[0].recipient == "13800138000" && accepted[0].template == "case-accepted")
        #expect(accepted[0].key == "case:{{number}}:accept:1:sms")
        #expect(accepted[0].body == "您申请的食品经营许可已受理，办件号{{number}}，承诺2026年10月10日前办结，可凭受理通知书上的查询码查询进度。")
        // The query code opens the case's progress: administrators read the outbox, so it is not sent.
        #expect(!accepted[0].body.contains("654321"))
        // With the site's public address, a link to the case in 我的 (the number put in by storage).
        var book = TemplateBook.standard
        book.site = "https://zwfw.example.cn"
        let linked = CaseMessages.messages(record, events: [event("accept")], hallName: "禅城区行政服务中心", book: book)
        #expect(linked[0].body.hasSuffix("查询进度。详见：https://zwfw.example.cn/me/cases/{{number}}"))

        record.number = "CC-20260928-00001"
        #expect(CaseMessages.messages(record, events: [event("undertake"), event("review")], hallName: "").isEmpty)
        #expect(CaseMessages.messages(record, events: [event("deliver")], hallName: "").isEmpty)  // picked up at the window: nothing to tell
        let keys = ["accept", "request-correction", "refuse", "decide", "conclude", "start-special-procedure", "end-special-procedure"].flatMap {
            CaseMessages.messages(record, events: [event($0)], hallName: "").map(\.key)
        }
        #expect(keys.count == 7 && Set(keys).count == 7)
        // A special procedure tells its kind and expected length; its end, the new promised date.
        record.specialProcedure = SpecialProcedure(kind: try #require(SpecialProcedureKind.allCases.first), reason: "需现场核查", startedOn: CivilDate("2026-09-30")!,
                                                   expectedDays: 10)
        let started = try #require(CaseMessages.messages(record, events: [event("start-special-procedure")], hallName: "").first)
        #expect(started.body.contains(SpecialProcedureKind.allCases[0].label) && started.body.contains("预计10天") && started.template == "case-special-start")

        record.applicant = .person(Person(name: "张三", documentType: .residentID, documentNumber: "44011320141005001X", phone: "0757-83000003"))
        #expect(CaseMessages.messages(record, events: [event("accept")], hallName: "").isEmpty)

        // An address given: the same news by e-mail, with a subject, keyed apart from the SMS.
        record.applicant = .person(Person(name: "张三", documentType: .residentID, documentNumber: "44011320141005001X", phone: "13800138000",
                                          email: "zhangsan@example.cn"))
        let both = CaseMessages.messages(record, events: [event("decide")], hallName: "")
        #expect(both.map(\.channel) == [.sms, .email])
        #expect(both[1].recipient == "zhangsan@example.cn" && both[1].key == "case:CC-20260928-00001:decide:1:email")
        #expect(both[1].subject == "办件决定通知（办件号CC-20260928-00001）" && both[1].body.hasPrefix(both[0].body))
        // A landline and an address: e-mail only.
        record.applicant = .enterprise(Enterprise(name: "佛山市禅城区某餐饮店", uscc: "91440604MA4UJ2KX1Y", legalRepresentative: "李四",
                                                  phone: "0757-83000003", email: "office@example.cn"))
        #expect(CaseMessages.messages(record, events: [event("accept")], hallName: "").map(\.channel) == [.email])
    }

    @Test func emailAddressesAreCheckedWhereTheyAreTyped() {
        var c = ProblemCollector()
        #expect(EmailAddress.checked("  zhang.san@example.cn ", field: "email", into: &c) == "zhang.san@example.cn")
        #expect(EmailAddress.checked("", field: "email", into: &c) == nil && c.problems.isEmpty)
        for bad in ["zhangsan", "a@b", "a b@c.cn", "a@b.cn>", "张三@例子.中国", "a@b.cn\r\nBcc: x@y.cn"] {
            var one = ProblemCollector()
            _ = EmailAddress.checked(bad, field: "applicant.person.email", into: &one)
            #expect(one.problems.map(\.path) == ["applicant.person.email"], "\(bad)")
        }
        #expect(EmailAddress.masked("zhangsan@example.cn") == "z***@example.cn")
    }
}
