import OneDoorCore
import OneDoorServices

/// The service guide (办事指南) of one item: every field, the materials table, limits in words.
struct GuidePage: PageModel {
    struct MaterialRow: Sendable {
        var number: Int
        var name: String
        var type: String
        var form: String
        var originals: Int
        var copies: Int
        var necessity: String
        var deferrable: Bool
        var source: String
        var fromGovernment: Bool
        var notes: String
        var blankForm: String?
        var sample: String?
    }

    struct Step: Sendable {
        var number: Int
        var name: String
        var detail: String
    }

    var title: String { guide.name }
    var code: String
    var guide: ServiceGuide
    var version: Int
    var latestVersion: Int
    var status: String
    var suspended: Bool
    var draft: Bool
    var unpublishedChanges: Bool
    var itemType: String
    var departmentName: String
    var categoryName: String
    var level: String
    var caseKind: String
    var limits: String
    var legalLimit: String
    var promisedLimit: String
    var trips: String
    var handlingForms: String
    var onlineDepth: String
    var scope: String
    var hallLevels: String
    var feeText: String
    var feeBasis: String?
    var materialCount: Int
    /// 一次采集、反复使用: what an applicant who handed the common papers in before no longer
    /// brings ("回头客"), nil when nothing is spared.
    var reuseNote: String?
    var steps: [Step]
    var materials: [MaterialRow]
    var hasSpecialProcedures: Bool
    var printLink: String
    var guideLink: String
    /// 五公开, each heading with its entries.
    var disclosure: [DisclosureGroup]
    /// 在线办理, for a published item at depth Ⅱ or more; nil otherwise.
    var applyLink: String?

    init(item: ServiceItem, snapshot: CatalogSnapshot, itemTypeName: String?) {
        let g = item.guide
        code = item.code.rawValue
        guide = g
        version = item.version
        latestVersion = item.latestVersion
        status = item.status.label
        suspended = item.status == .suspended
        draft = item.status == .draft
        unpublishedChanges = item.hasUnpublishedChanges && item.status != .draft
        itemType = itemTypeName ?? g.itemType
        departmentName = snapshot.departmentsByCode[g.department]?.name ?? g.department.rawValue
        categoryName = snapshot.categoriesByCode[g.windowCategory]?.name ?? g.windowCategory
        level = g.level.label
        caseKind = g.caseKind.label
        limits = g.limitsPhrase
        legalLimit = g.legalLimit.phrase
        promisedLimit = g.promisedLimit.phrase
        trips = g.tripsPhrase
        handlingForms = g.handlingFormsPhrase
        onlineDepth = g.onlineDepth.label
        applyLink = item.status == .published && g.onlineDepth.rawValue >= OnlineDepth.two.rawValue ? SiteURL.meApply(.value(item.code)).path : nil
        scope = g.scope.label
        hallLevels = g.hallLevelsPhrase
        feeText = g.fee.charged ? g.fee.standard : "不收费"
        feeBasis = g.fee.basis.isEmpty ? nil : g.fee.basis
        steps = g.procedure.enumerated().map { Step(number: $0 + 1, name: $1.name, detail: $1.detail) }
        materials = g.materials.enumerated().map { i, m in
            MaterialRow(
                number: i + 1, name: m.name, type: m.type.label, form: m.form.label, originals: m.originals, copies: m.copies,
                necessity: m.necessity.label, deferrable: m.necessity == .deferrable, source: m.source.label,
                fromGovernment: m.source == .government, notes: m.notes, blankForm: m.blankForm, sample: m.sample
            )
        }
        materialCount = g.materials.count
        let figure = ReuseFigures.figure(item)
        reuseNote = figure.spared.isEmpty ? nil
            : "此前已在本平台办事、材料留存在材料库或已领取电子证照的申请人，经本人同意可免提交 \(figure.spared.count) 项（\(figure.spared.joined(separator: "、"))），只需提交 \(figure.after) 项。"
        hasSpecialProcedures = !g.specialProcedures.isEmpty
        printLink = SiteURL.itemPrint(.value(item.code)).path
        guideLink = SiteURL.item(.value(item.code)).path
        disclosure = ItemDisclosure.sections(g, version: item.version, department: snapshot.departmentsByCode[g.department]).map { section in
            DisclosureGroup(label: section.kind.label, anchor: section.kind.rawValue, entries: section.entries.map { entry in
                DisclosureGroup.Entry(title: entry.title, text: entry.text.isEmpty ? entry.url ?? "" : entry.text, link: entry.url ?? entry.link.map { link in
                    switch link {
                    case .guidePrint: SiteURL.itemPrint(.value(item.code)).path
                    case .complaints: SiteURL.complaintNew.path
                    case .caseStatistics: SiteURL.openDataset(.value("case-statistics")).path
                    case .ratings: SiteURL.ratingFigures.path
                    case .rectifications: SiteURL.openDataset(.value("rectifications")).path
                    }
                })
            })
        }
    }
}

/// One heading of an item's 五公开.
struct DisclosureGroup: Sendable {
    struct Entry: Sendable {
        var title: String
        var text: String
        var link: String?
    }

    var label: String
    var anchor: String
    var entries: [Entry]
}

/// Halls by level with their hours and windows.
struct HallsPage: PageModel {
    struct HallRow: Sendable {
        var code: String
        var name: String
        var level: String
        var address: String
        var phone: String
        var hours: String
        var windows: String
        /// Only for staff who may read the hall's queue statistics.
        var statisticsLink: String?
    }

    var title: String { "服务中心" }
    var halls: [HallRow]

    init(snapshot: CatalogSnapshot, identity: Identity?) {
        let organisation = snapshot.organisation
        halls = organisation.halls.map { hall in
            let windows = organisation.windows.filter { $0.hall == hall.code }
            let categories = Set(windows.flatMap(\.categories))
            return HallRow(
                code: hall.code.rawValue, name: hall.name, level: hall.level.label, address: hall.address, phone: hall.phone, hours: hall.openingHoursPhrase,
                windows: "\(windows.count) 个综合窗口，办理" + organisation.windowCategories.filter { categories.contains($0.code) }.map(\.name).joined(separator: "、"),
                statisticsLink: QueueService.mayReadStatistics(of: hall.code, identity) ? SiteURL.hallStatistics(.value(hall.code)).path : nil
            )
        }
    }
}

/// Departments and how many items each decides.
struct DepartmentsPage: PageModel {
    struct Row: Sendable {
        var name: String
        var phone: String
        var count: Int
        var link: String
    }

    var title: String { "部门" }
    var departments: [Row]

    init(snapshot: CatalogSnapshot) {
        departments = snapshot.organisation.departments.map { d in
            Row(name: d.name, phone: d.phone, count: snapshot.items.filter { $0.guide.department == d.code }.count, link: SiteURL.items.path(["department": d.code.rawValue]))
        }
    }
}
