import OneDoorCore
import Testing

/// Base records of people (issue 16 §1): the 18 items with the national code lists, each value
/// with its source and history; a different value said later is kept beside, not over, a
/// verified one.
@Suite struct PersonRecordTests {
    @Test func codeListsAreTheStandards() {
        #expect(Ethnicity.names.count == 56 && Ethnicity.label("01") == "汉族" && Ethnicity.label("56") == "基诺族")
        #expect(Ethnicity.code("壮族") == "08" && Ethnicity.code("壮") == "08" && Ethnicity.code("满族") == "11" && Ethnicity.label("57") == nil)
        #expect(Ethnicity.label("97") == "其他未识别民族" && Ethnicity.code("外国血统中国籍人士") == "98")
        #expect(Gender.from(residentID: "44011320141005001X") == .male && Gender.from(residentID: "11010519491231002X") == .female)
        #expect(Gender.from(residentID: "36042619910102009X") == nil)
        #expect(PersonField.allCases.count == 18)
        #expect(PoliticalStatus.allCases.count == 13 && MaritalStatus(rawValue: "40")?.label == "离婚")
    }

    @Test func valuesKeepTheirSourcesAndConflictsAreKeptBeside() throws {
        let today = CivilDate("2026-12-05")!
        var record = PersonRecord(key: "resident-id:44011320141005001X").withIdentity("44011320141005001X", source: .window, at: 1)
        #expect(record.fields[.gender]?.current.value == "1" && record.fields[.birthDate]?.current.value == "2014-10-05")
        #expect(record.fields[.idNumber]?.current.verified == true)

        record = try record.observing(.residenceAddress, "禅城区季华五路 1 号", source: .window, at: 2, verified: true, today: today).get()
        // Online, the applicant says another address: kept beside the verified one, shown as a conflict.
        record = try record.observing(.residenceAddress, "南海区桂城 2 号", source: .online, at: 3, verified: false, today: today).get()
        let address = try #require(record.fields[.residenceAddress])
        #expect(address.current.value == "禅城区季华五路 1 号" && address.conflict?.value == "南海区桂城 2 号" && address.conflict?.source == .online)
        #expect(address.history.count == 2)
        // A clerk checks the new one later: it is now the value in use, the conflict resolved.
        record = try record.observing(.residenceAddress, "南海区桂城 2 号", source: .window, at: 4, verified: true, today: today).get()
        #expect(record.fields[.residenceAddress]?.current.value == "南海区桂城 2 号")
        #expect(record.fields[.residenceAddress]?.conflict == nil)

        // An unverified value replaces an older unverified one (the applicant moved and says so);
        // the same value again changes nothing, so a returning applicant's record does not grow.
        record = try record.observing(.employer, "甲公司", source: .online, at: 5, verified: false, today: today).get()
        record = try record.observing(.employer, "乙公司", source: .citizen, at: 6, verified: false, today: today).get()
        #expect(record.fields[.employer]?.current.value == "乙公司" && record.fields[.employer]?.conflict == nil)
        let again = try record.observing(.employer, "乙公司", source: .online, at: 7, verified: false, today: today).get()
        #expect(again == record)
        #expect(record.fields[.employer]?.history.map(\.value) == ["甲公司", "乙公司"])
        // The same value checked later becomes verified.
        let checked = try record.observing(.employer, "乙公司", source: .window, at: 8, verified: true, today: today).get()
        #expect(checked.fields[.employer]?.current.verified == true && checked.fields[.employer]?.current.source == .window)
        // Saying the conflicting value again does not pile it up in the history.
        let twice = try record.observing(.residenceAddress, "中山 3 号", source: .online, at: 9, verified: false, today: today).get()
            .observing(.residenceAddress, "中山 3 号", source: .online, at: 10, verified: false, today: today).get()
        #expect(twice.fields[.residenceAddress]?.conflict?.value == "中山 3 号" && twice.fields[.residenceAddress]?.conflict?.at == 9)
        #expect(twice.fields[.residenceAddress]?.history.map(\.value) == ["禅城区季华五路 1 号", "南海区桂城 2 号", "中山 3 号"])
    }

    /// Records are stored as statements and folded (ADR 0035): folding what was said, in order,
    /// gives the record observing it gave; `news` keeps only what would change it.
    @Test func statementsFoldIntoTheRecord() throws {
        let person = Person(name: "陈美玲", documentType: .residentID, documentNumber: "440604198503120028", phone: "13800138000")
        let atWindow = RecordObservations.person(person, identityChecked: true)
        #expect(Set(atWindow.map(\.field)) == [.name, .idNumber, .birthDate, .gender, .phone])
        #expect(atWindow.first { $0.field == .phone }?.verified == false && atWindow.first { $0.field == .name }?.verified == true)
        let first = RecordStatement<PersonField>(source: .window, at: 1, observations: atWindow)
        let record = PersonRecord(key: "resident-id:440604198503120028", said: [first])
        #expect(record[.gender] == "2" && record[.birthDate] == "1985-03-12" && record[.phone] == "13800138000")
        // Back online with the same details and a new address: only the address is news.
        let online = RecordObservations.person(person, identityChecked: false, address: "禅城区岭南大道 8 号")
        let news = record.news(online, source: .online, at: 2)
        #expect(news.map(\.field) == [.residenceAddress])
        let folded = PersonRecord(key: record.key, said: [first, RecordStatement(source: .online, at: 2, observations: news)])
        #expect(folded == record.observing(online, source: .online, at: 2, today: nil))
        // A passport holder's record has no ID-derived fields.
        let visitor = Person(name: "John Smith", documentType: .passport, documentNumber: "E12345678")
        #expect(RecordObservations.person(visitor, identityChecked: true).map(\.field) == [.name])
    }

    /// The enterprise record's fields and their checks.
    @Test func enterpriseFieldsAreChecked() throws {
        func reason(_ field: EnterpriseField, _ value: String) -> String? {
            guard case .failure(let failed) = EnterpriseBaseRecord(key: "k").observing(field, value, source: .lineSystem, at: 0, verified: true,
                                                                                    today: CivilDate("2026-12-05")) else { return nil }
            return failed.problems.first?.path
        }
        #expect(reason(.registeredCapital, "100.5") == nil && reason(.registeredCapital, "1e5") == "registeredCapital")
        #expect(reason(.registeredCapital, "12.34567") != nil && reason(.registeredCapital, "-3") != nil)
        #expect(reason(.status, "active") == nil && reason(.status, "存续") == "status")
        #expect(reason(.type, "limited-liability") == nil && reason(.type, "LLC") != nil)
        #expect(reason(.establishmentDate, "2030-01-01") != nil && reason(.establishmentDate, "2019-06-30") == nil)
        #expect(reason(.legalRepresentativeID, "resident-id:440604198503120028") == nil && reason(.legalRepresentativeID, "440604198503120028") != nil)
        #expect(reason(.legalRepresentativeID, "resident-id:440604198503120027") != nil)
        let said = RecordObservations.enterprise(Enterprise(name: "佛山市禅城区美味餐饮有限公司", uscc: "91440604MA4UJ4XK6P", legalRepresentative: "陈美玲",
                                                            phone: "0757-83000000"), licenceChecked: true)
        #expect(said.map(\.field) == [.name, .legalRepresentative, .phone] && said.last?.verified == false)
    }

    @Test func wrongValuesAreNamed() {
        let record = PersonRecord(key: "k")
        func reason(_ field: PersonField, _ value: String) -> String? {
            guard case .failure(let failed) = record.observing(field, value, source: .online, at: 0, verified: false, today: CivilDate("2026-12-05")) else {
                return nil
            }
            return failed.problems.first.map { "\($0.path): \($0.reason)" }
        }
        #expect(reason(.gender, "男")?.hasPrefix("gender:") == true)
        #expect(reason(.ethnicity, "99") != nil && reason(.ethnicity, "01") == nil)
        #expect(reason(.birthDate, "2030-01-01")?.contains("不能晚于今天") == true)
        #expect(reason(.phone, "0757-1234") != nil && reason(.phone, "138 0013 8000") == nil)
        #expect(reason(.idNumber, "36042619910102009X") != nil)
        #expect(reason(.name, "  ")?.contains("不能为空") == true)
        #expect(reason(.employer, String(repeating: "公", count: 201)) != nil)
    }

    /// A conflict is settled by checking: the disagreeing value taken as checked, or the value in
    /// use checked again after it was said.
    @Test func aConflictIsSettledByCheckingEitherValue() throws {
        let verified = try PersonRecord(key: "k").observing(.residenceAddress, "甲地", source: .lineSystem, at: 1, verified: true, today: nil).get()
        let disputed = try verified.observing(.residenceAddress, "乙地", source: .online, at: 5, verified: false, today: nil).get()
        #expect(disputed.conflicts == [.residenceAddress])
        let kept = try disputed.observing(.residenceAddress, "甲地", source: .window, at: 6, verified: true, today: nil).get()
        #expect(kept.conflicts.isEmpty && kept[.residenceAddress] == "甲地")
        let taken = try disputed.observing(.residenceAddress, "乙地", source: .window, at: 6, verified: true, today: nil).get()
        #expect(taken.conflicts.isEmpty && taken[.residenceAddress] == "乙地")
        // A check made before the disagreement was said settles nothing.
        #expect(try disputed.observing(.residenceAddress, "甲地", source: .lineSystem, at: 4, verified: true, today: nil).get().conflicts == [.residenceAddress])
    }

    /// An older verified value arriving late (a line system's batch) does not overturn a newer
    /// verified one: it is kept beside it.
    @Test func anOlderVerifiedValueDoesNotOverturnANewerOne() throws {
        var record = try PersonRecord(key: "k").observing(.maritalStatus, "20", source: .window, at: 10, verified: true, today: nil).get()
        record = try record.observing(.maritalStatus, "10", source: .lineSystem, at: 5, verified: true, today: nil).get()
        #expect(record.fields[.maritalStatus]?.current.value == "20" && record.fields[.maritalStatus]?.conflict?.value == "10")
    }
}

