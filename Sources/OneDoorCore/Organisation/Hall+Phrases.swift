extension Hall {
    /// Opening hours as people read them: "周一至周五 09:00–12:00、13:30–17:30；周六 09:00–12:00".
    public var openingHoursPhrase: String {
        let names = ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"]
        var byDay: [Int: [String]] = [:]
        for period in openingHours.sorted(by: { ($0.weekday, $0.opens) < ($1.weekday, $1.opens) }) {
            byDay[period.weekday, default: []].append("\(period.opens)–\(period.closes)")
        }
        // Consecutive days with the same periods form one group ("周一至周五").
        var groups: [(first: Int, last: Int, periods: [String])] = []
        for day in 1...7 {
            guard let periods = byDay[day] else { continue }
            if let last = groups.last, last.last == day - 1, last.periods == periods {
                groups[groups.count - 1].last = day
            } else {
                groups.append((day, day, periods))
            }
        }
        if groups.isEmpty { return "暂停开放" }
        return groups.map { group in
            let days = group.first == group.last ? names[group.first] : "\(names[group.first])至\(names[group.last])"
            return "\(days) \(group.periods.joined(separator: "、"))"
        }.joined(separator: "；") + "（法定节假日除外）"
    }
}
