import Foundation
import OneDoorCore
import OneDoorServices

/// One face field as the pages show it.
struct LicenceFieldRow: Sendable {
    var label: String
    var value: String
}

/// A licence in a list (我的证照, the department's register).
struct LicenceRow: Sendable {
    var identifier: String
    var typeName: String
    var holder: String
    var issuedOn: String
    var validUntil: String
    var standing: String
    var usable: Bool
    var link: String

    init(_ record: LicenceRecord, today: CivilDate, link: String) {
        let standing = record.standing(today: today)
        identifier = record.licence.identifier
        typeName = record.licence.typeName
        holder = "\(record.licence.holder.name)（\(record.licence.holder.maskedCode)）"
        issuedOn = record.licence.issuedOn.chinese
        validUntil = record.licence.validUntil?.chinese ?? "长期"
        self.standing = standing.label
        usable = standing.usable
        self.link = link
    }
}

/// The face of a licence, shared by the printable page and the verification page.
struct LicenceFace: Sendable {
    var identifier: String
    var typeName: String
    var typeCode: String
    var version: Int
    var holderName: String
    var holderCode: String
    var holderCodeType: String
    var issuerName: String
    var issuerCode: String
    var issuedOn: String
    var validUntil: String
    var fields: [LicenceFieldRow]
    var caseNumber: String?

    init(_ licence: Licence) {
        identifier = licence.identifier
        typeName = licence.typeName
        typeCode = licence.typeCode
        version = licence.version
        holderName = licence.holder.name
        holderCode = licence.holder.code
        holderCodeType = licence.holder.kind == .person ? "公民身份号码" : "统一社会信用代码"
        issuerName = licence.issuer.name
        issuerCode = licence.issuer.code
        issuedOn = licence.issuedOn.chinese
        validUntil = licence.validUntil?.chinese ?? "长期"
        fields = licence.fields.map { LicenceFieldRow(label: $0.label, value: $0.value) }
        caseNumber = licence.caseNumber
    }
}

/// The public verification page a licence's QR code opens.
struct LicenceVerificationPage: PageModel {
    var title: String { "电子证照核验" }
    var identifier: String
    var standing: String
    /// `valid`, `expired` … for the page's colour.
    var standingCode: String
    var reason: String
    var face: LicenceFace?
    var keyID: String?
    var supersededBy: String?
    var supersededLink: String?
    var checkedAt: String

    init(_ result: LicenceVerification, checkedAt: String) {
        identifier = result.identifier
        standing = result.standing.label
        standingCode = result.standing.rawValue
        reason = result.reason
        face = result.licence.map(LicenceFace.init)
        keyID = result.keyID
        supersededBy = result.supersededBy
        supersededLink = result.supersededBy.map { SiteURL.licence(.value($0)).path }
        self.checkedAt = checkedAt
    }
}

/// A verification that could not be made (an identifier whose check character fails).
struct LicenceLookupPage: PageModel {
    var title: String { "电子证照核验" }
    var identifier: String
    var message: String
}

/// The printable licence for its holder or its issuing department: the face, the seal area,
/// the QR code of the verification address, the signed file to download, the history; for the
/// issuing department the status actions.
struct LicencePage: PageModel {
    var title: String { face.typeName }
    var bodyClass: String { "licence-page" }
    var face: LicenceFace
    var standing: String
    var standingCode: String
    var statusReason: String?
    var verifyURL: String
    var qrSVG: String
    var downloadLink: String
    var history: [LicenceFieldRow]
    /// The issuing department's approvers: the actions open now.
    var actions: [SelectOption]
    var hasActions: Bool
    var csrf: String
    var message: String?

    init(_ record: LicenceRecord, events: [LicenceEventRecord], today: CivilDate, verifyURL: String, qrSVG: String, downloadLink: String,
         holderView: Bool, actions: [LicenceAction] = [], csrf: String = "", message: String? = nil) {
        let standing = record.standing(today: today)
        face = LicenceFace(holderView ? record.licence : record.licence.masked)
        self.standing = standing.label
        standingCode = standing.rawValue
        statusReason = record.statusReason.isEmpty ? nil : record.statusReason
        self.verifyURL = verifyURL
        self.qrSVG = qrSVG
        self.downloadLink = downloadLink
        history = events.map { event in
            let at = PageDates.dateTime(event.at)
            let who = holderView ? record.licence.issuer.name : event.actor
            return LicenceFieldRow(label: "\(at) \(Self.actionLabel(event.action))", value: "\(event.reason)（\(who)）")
        }
        self.actions = actions.map { action in
            SelectOption(code: SiteURL.departmentLicenceAction(.value(record.licence.identifier), .value(action.rawValue)).path, name: action.label, selected: false)
        }
        hasActions = !self.actions.isEmpty
        self.csrf = csrf
        self.message = message
    }

    static func actionLabel(_ action: String) -> String {
        switch action {
        case "issue": "颁发"
        case "supersede": "变更"
        default: LicenceAction(rawValue: action)?.label ?? action
        }
    }
}

/// 我的证照, or a department's register.
struct LicenceListPage: PageModel {
    var title: String
    var intro: String
    var rows: [LicenceRow]
    var hasRows: Bool

    init(title: String, intro: String, rows: [LicenceRow]) {
        self.title = title
        self.intro = intro
        self.rows = rows
        hasRows = !rows.isEmpty
    }
}

/// The departments' signing keys, for administrators: which is in use, which are retired; a
/// new key for a department in one click.
struct LicenceKeysPage: PageModel {
    struct Row: Sendable {
        var kid: String
        var department: String
        var created: String
        var retired: String?
    }
    struct Department: Sendable {
        var name: String
        var rotateAction: String
    }
    var title: String { "电子证照签章密钥" }
    var keys: [Row]
    var departments: [Department]
    var csrf: String
    var message: String?
}

/// 谁使用了我的信息: every recorded read of the citizen's personal data, newest first.
struct DataUsePage: PageModel {
    struct Row: Sendable {
        var at: String
        var unit: String
        var staffNumber: String
        var purpose: String
        var caseNumber: String
    }
    var title: String { "谁使用了我的信息" }
    var rows: [Row]
    var hasRows: Bool

    init(_ uses: [DataUse]) {
        rows = uses.map { Row(at: PageDates.dateTime($0.at), unit: $0.unit, staffNumber: $0.staffNumber, purpose: $0.purpose, caseNumber: $0.caseNumber) }
        hasRows = !rows.isEmpty
    }
}

/// 我的材料: what the citizen and their enterprises hold that applications take instead of an
/// upload, with its grade and until when.
struct MyMaterialsPage: PageModel {
    var title: String { "我的材料" }
    var rows: [RecordDisplay.Held]
    var hasRows: Bool

    init(_ held: [HeldMaterial]) {
        rows = RecordDisplay.held(held)
        hasRows = !rows.isEmpty
    }
}
