import OneDoorCore
import OneDoorStorage

/// The rows of each dataset, by field name (the catalogue's), counts as they are: suppression
/// happens when the table is built.
extension OpenDataService {
    func itemRows(_ snapshot: CatalogSnapshot) -> [[String: OpenDataValue]] {
        snapshot.items.filter { $0.status == .published }.map { item in
            let guide = item.guide
            return [
                "item_code": .text(guide.implementationCode), "basic_code": .text(guide.basicCode), "name": .text(guide.name),
                "item_type": .text(snapshot.itemTypesByCode[guide.itemType]?.name ?? guide.itemType),
                "department_code": .text(guide.department.rawValue), "department_name": .text(snapshot.departmentsByCode[guide.department]?.name ?? ""),
                "case_kind": .text(guide.caseKind.label), "legal_limit": .text(guide.legalLimit.phrase), "promised_limit": .text(guide.promisedLimit.phrase),
                "trips": .integer(guide.trips), "materials": .integer(guide.materials.count), "charged": .text(guide.fee.charged ? "是" : "否"),
                "online_depth": .text(guide.onlineDepth.label), "window_category": .text(guide.windowCategory), "version": .integer(item.publishedVersion ?? item.version),
            ]
        }
    }

    func caseRows(_ snapshot: CatalogSnapshot) async throws -> [[String: OpenDataValue]] {
        // By month and item (an item belongs to one department); halls and channels summed.
        var sums: [String: [ItemCode: (DepartmentCode, CaseFigures)]] = [:]
        for (key, figures) in try await caseStatistics.figures(monthRange) {
            var entry = sums[key.month, default: [:]][key.item] ?? (key.department, CaseFigures())
            entry.1.merge(figures)
            sums[key.month, default: [:]][key.item] = entry
        }
        return sums.keys.sorted().flatMap { month in
            (sums[month] ?? [:]).sorted { $0.key.rawValue < $1.key.rawValue }.map { item, entry -> [String: OpenDataValue] in
                let (department, f) = entry
                return [
                    "month": .text(month), "item_code": .text(item.rawValue), "item_name": .text(snapshot.itemsByCode[item]?.guide.name ?? ""),
                    "department_code": .text(department.rawValue), "department_name": .text(snapshot.departmentsByCode[department]?.name ?? ""),
                    "received": .integer(f.received), "accepted": .integer(f.accepted), "refused": .integer(f.refused), "corrected": .integer(f.corrected),
                    "immediate": .integer(f.immediate), "concluded": .integer(f.concluded), "on_time": .integer(f.onTime),
                    "on_time_rate": .share(f.onTime, f.concluded), "timed": .integer(f.timedConclusions),
                    "average_working_days": .average(f.workingDays, f.timedConclusions),
                ]
            }
        }
    }

    func queueRows(_ snapshot: CatalogSnapshot) async throws -> [[String: OpenDataValue]] {
        // The district's days of the whole range at once, summed by month and hall.
        var sums: [String: [HallCode: QueueFigures]] = [:]
        for (hall, day, figures) in try await queues.districtDays(from: firstMonth, to: calendar.today) {
            sums[CaseStatisticsService.monthText(day), default: [:]][hall, default: QueueFigures()].merge(figures.total)
        }
        var rows: [[String: OpenDataValue]] = []
        for month in monthRange {
            for hall in snapshot.organisation.halls {
                guard let f = sums[CaseStatisticsService.monthText(month)]?[hall.code], f.arrived > 0 else { continue }
                rows.append([
                    "month": .text(CaseStatisticsService.monthText(month)), "hall_code": .text(hall.code.rawValue), "hall_name": .text(hall.name),
                    "arrived": .integer(f.arrived), "called": .integer(f.called), "served": .integer(f.served), "no_shows": .integer(f.noShows),
                    "average_wait_minutes": .average(f.waitSecondsTotal, f.called * 60), "over_target": .integer(f.overTarget),
                    "over_target_share": .share(f.overTarget, f.called), "average_service_minutes": .average(f.serviceSecondsTotal, f.serviceCount * 60),
                ])
            }
        }
        return rows
    }

    func ratingRows(_ snapshot: CatalogSnapshot) async throws -> [[String: OpenDataValue]] {
        var rows: [[String: OpenDataValue]] = []
        for month in monthRange {
            let from = month.startEpochSeconds, to = month.firstOfMonth(adding: 1).startEpochSeconds
            for (grouping, dimension) in [(RatingGrouping.hall, "服务中心"), (.department, "部门")] {
                for figure in try await ratings.figures(from: from, to: to, by: grouping) {
                    let name = switch grouping {
                    case .hall: snapshot.hallsByCode[HallCode(rawValue: figure.key)]?.name ?? figure.key
                    default: figure.key.isEmpty ? "窗口服务（一次一评）" : snapshot.departmentsByCode[DepartmentCode(rawValue: figure.key)]?.name ?? figure.key
                    }
                    rows.append([
                        "month": .text(CaseStatisticsService.monthText(month)), "dimension": .text(dimension), "code": .text(figure.key), "name": .text(name),
                        "ratings": .integer(figure.ratings), "satisfied": .integer(figure.satisfied), "negative": .integer(figure.negative),
                        "rectified": .integer(figure.rectified), "satisfaction_rate": .share(figure.satisfied, figure.ratings),
                        "rectification_rate": .share(figure.rectified, figure.negative),
                    ])
                }
            }
        }
        return rows
    }

    func licenceRows(_ snapshot: CatalogSnapshot) async throws -> [[String: OpenDataValue]] {
        try await repository.licenceIssues(since: firstMonth.description).map { count in
            [
                "month": .text(count.month), "type_code": .text(count.type), "type_name": .text(LicenceTypes.find(count.type)?.name ?? ""),
                "department_code": .text(count.department.rawValue), "department_name": .text(snapshot.departmentsByCode[count.department]?.name ?? ""),
                "issued": .integer(count.issued),
            ]
        }
    }

    func themeRows(_ snapshot: CatalogSnapshot) async throws -> [[String: OpenDataValue]] {
        let counts = try await repository.themeCaseCounts()
        return snapshot.themes.filter { $0.status == .published }.map { entry in
            let theme = entry.theme
            let figures = ThemeFigures.of(theme.items, guides: snapshot.guides(of: theme))
            let count = counts[theme.code] ?? (0, 0)
            return [
                "code": .text(theme.code), "name": .text(theme.name), "lead_department": .text(snapshot.departmentsByCode[theme.leadDepartment]?.name ?? ""),
                "items": .integer(figures.items), "serial_days": .integer(figures.serialDays), "parallel_days": .integer(figures.parallelDays),
                "promised_days": .integer(theme.promisedDays), "materials_separately": .integer(figures.materialsSeparately),
                "materials_merged": .integer(figures.materialsMerged), "trips_separately": .integer(figures.tripsSeparately),
                "cases_received": .integer(count.received), "cases_concluded": .integer(count.delivered),
            ]
        }
    }

    func enterpriseRows() async throws -> [[String: OpenDataValue]] {
        try await repository.verifiedEnterprises().map { enterprise in
            let characters = Array(enterprise.uscc)
            return [
                "uscc": .text(enterprise.uscc), "name": .text(enterprise.name), "kind": .text(OpenDataCatalog.registrantKind(uscc: enterprise.uscc)),
                "region_code": .text(characters.count >= 8 ? String(characters[2..<8]) : ""),
                "verified_on": .text(CivilDate(epochSeconds: enterprise.verifiedAt).description),
            ]
        }
    }

    func hallRows(_ snapshot: CatalogSnapshot) -> [[String: OpenDataValue]] {
        let windows = Dictionary(grouping: snapshot.organisation.windows, by: \.hall).mapValues(\.count)
        return snapshot.organisation.halls.map { hall in
            [
                "code": .text(hall.code.rawValue), "name": .text(hall.name), "level": .text(hall.level.label), "region_code": .text(hall.region),
                "address": .text(hall.address), "phone": .text(hall.phone), "opening_hours": .text(hall.openingHoursPhrase),
                "windows": .integer(windows[hall.code] ?? 0),
            ]
        }
    }

    func rectificationRows(_ snapshot: CatalogSnapshot) async throws -> [[String: OpenDataValue]] {
        try await repository.rectifications(since: firstMonth.startEpochSeconds).map { rectification, rating in
            let result = rectification.steps.last { $0.action == "rectify" }?.text ?? ""
            let satisfied = rectification.raterSatisfied.map { $0 ? "满意" : "不满意" } ?? (rectification.state == .feedback ? "未答复" : "")
            return [
                "opened_on": .text(rectification.openedOn.description),
                "department_name": .text(rectification.department.flatMap { snapshot.departmentsByCode[$0]?.name } ?? ""),
                "hall_name": .text(rectification.hall.flatMap { snapshot.hallsByCode[$0]?.name } ?? ""),
                "item_name": .text(rating.context.itemName ?? ""), "level": .text(rating.level.label),
                "reasons": .text(rating.reasons.map(\.label).joined(separator: "；")), "state": .text(rectification.state.label),
                "result": .text(result), "rater_satisfied": .text(satisfied),
            ]
        }
    }
}
