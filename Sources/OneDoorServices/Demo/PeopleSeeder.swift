import OneDoorCore
import OneDoorStorage

/// `onedoor seed-people`: base records of people and enterprises and a vault of materials at the
/// scale of a district's years (issue 16's benchmark: 1,000,000 people, 100,000 enterprises,
/// 10,000,000 vault entries). Holder `i` is always the same key, so a benchmark can ask for
/// holders that exist without reading them first.
public enum PeopleSeeder {
    static let regions = ["440604", "440605", "440606", "440607", "440608", "440103", "440106"]
    static let surnames = Array("陈李黄张梁何吴刘林罗杨郑周谢冯邓麦区潘叶")
    static let given = ["伟", "芳", "敏", "静", "丽", "强", "磊", "洁", "婷", "军", "嘉欣", "志明", "美玲", "国强", "晓敏", "俊杰", "雅琪", "子轩"]
    static let streets = ["季华五路", "岭南大道", "祖庙路", "汾江中路", "绿景路", "文华北路", "桂城南海大道", "大良凤山路"]
    static let personTypes = ["ID-CARD", "HUKOU", "PHOTO", "MARRIAGE", "PROPERTY", "DRIVING", "SOCIAL-CARD"]
    static let enterpriseTypes = ["BIZ-LICENCE", "LEASE", "PREMISES", "ARTICLES", "CAPITAL"]

    /// Person `i`'s resident ID: region, a birth day between 1940 and 2019, a sequence; unique per
    /// `i` up to 7 × 29,000 × 1,000.
    public static func residentID(_ i: Int) -> String {
        let region = regions[i % regions.count]
        let born = CivilDate(dayNumber: CivilDate(year: 1940, month: 1, day: 1)!.dayNumber + (i / regions.count) % 29_000)
        let sequence = String(i / (regions.count * 29_000) % 1_000)
        let body = region + born.description.replacingOccurrences(of: "-", with: "") + String(repeating: "0", count: 3 - sequence.count) + sequence
        return body + String(ResidentID.checkCharacter(for: body) ?? "0")
    }

    /// Enterprise `j`'s USCC (a company registered in 禅城, check character per GB 32100).
    public static func uscc(_ j: Int) -> String {
        let digits = String(j % 10_000_000)
        let body = "91440604MA" + String(repeating: "0", count: 7 - digits.count) + digits
        return body + String(USCC.checkCharacter(for: body) ?? "0")
    }

    public static func personKey(_ i: Int) -> String { "resident-id:" + residentID(i) }
    public static func enterpriseKey(_ j: Int) -> String { "uscc:" + uscc(j) }

    /// Writes `people` person records, `enterprises` enterprise records (legal representatives
    /// among the people) and `vault` vault entries, in transactions of `chunk` rows; `progress`
    /// is told what was written.
    public static func seed(people: Int, enterprises: Int, vault: Int, today: CivilDate, at now: Int64, database: any SQLDatabase, chunk: Int = 20_000,
                            progress: (String) -> Void) async throws {
        let records = BaseRecordRepository(database: database)
        var rows: [BaseRecordRepository.StatementRow] = []
        for i in 0..<people {
            let id = residentID(i)
            var said = PersonField.identity(id, verified: true)
            said.append(Observation(.name, String(surnames[i % surnames.count]) + given[(i / surnames.count) % given.count], verified: true))
            said.append(Observation(.phone, "13" + String(format: "%09d", i % 1_000_000_000), verified: false))
            said.append(Observation(.residenceAddress, "佛山市\(streets[i % streets.count]) \(i % 300 + 1) 号", verified: true))
            rows.append(try .init(holder: personKey(i), RecordStatement(source: .lineSystem, at: now, observations: said)))
            if rows.count == chunk { try await records.append(rows); rows.removeAll(keepingCapacity: true) }
            if (i + 1) % 100_000 == 0 { progress("自然人 \(i + 1)") }
        }
        for j in 0..<enterprises {
            let representative = j * 7 % max(people, 1)
            let said: [Observation<EnterpriseField>] = [
                Observation(.name, "佛山市禅城区\(given[j % given.count])\(["餐饮", "贸易", "科技", "物业", "建材"][j % 5])有限公司\(j)", verified: true),
                Observation(.type, EnterpriseType.limitedLiability.rawValue, verified: true),
                Observation(.legalRepresentative, String(surnames[representative % surnames.count]) + given[(representative / surnames.count) % given.count], verified: true),
                Observation(.legalRepresentativeID, personKey(representative), verified: true),
                Observation(.registeredCapital, String(j % 500 + 10), verified: true),
                Observation(.establishmentDate, CivilDate(dayNumber: today.dayNumber - 30 - j % 5_000).description, verified: true),
                Observation(.status, EnterpriseStatus.active.rawValue, verified: true),
                Observation(.registrationAuthority, "佛山市禅城区市场监督管理局", verified: true),
            ]
            rows.append(try .init(holder: enterpriseKey(j), RecordStatement(source: .lineSystem, at: now, observations: said)))
            if rows.count == chunk { try await records.append(rows); rows.removeAll(keepingCapacity: true) }
        }
        try await records.append(rows)
        progress("法人 \(enterprises)")

        let store = VaultRepository(database: database)
        var entries: [VaultEntry] = []
        for k in 0..<vault {
            // One in ten is an enterprise's; holders are spread over everyone, so most have several.
            let enterprise = k % 10 == 0 && enterprises > 0
            let holder = enterprise ? enterpriseKey(k / 10 % enterprises) : personKey(k % max(people, 1))
            let types = enterprise ? enterpriseTypes : personTypes
            let code = types[(k / 7) % types.count]
            let type = MaterialCatalog.standard.first { $0.code == code }
            let received = CivilDate(dayNumber: today.dayNumber - k % 1_500)
            entries.append(VaultEntry(holder: holder, type: code, title: type?.name ?? code, grade: k % 4 == 0 ? .c : .b, source: .window,
                                      receivedOn: received, validUntil: type?.reuseDays.map { received.adding(days: $0 - 1) },
                                      caseNumber: "CC-\(received.description.replacingOccurrences(of: "-", with: ""))-\(String(format: "%05d", k % 100_000))",
                                      materialIndex: k % 5))
            if entries.count == chunk { try await store.deposit(entries, at: now); entries.removeAll(keepingCapacity: true) }
            if (k + 1) % 1_000_000 == 0 { progress("材料库 \(k + 1)") }
        }
        try await store.deposit(entries, at: now)
    }
}
