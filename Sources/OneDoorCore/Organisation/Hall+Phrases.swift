extension Hall {
    /// Opening hours as people read them: "周一至周五 09:00–12:00、13:30–17:30；周六 09:00–12:00".
    public var openingHoursPhrase: String {
        let groups = OpeningHoursText.groups(openingHours)
        if groups.isEmpty { return "暂停开放" }
        return groups.map { "\(OpeningHoursText.days($0.first, $0.last)) \($0.periods.joined(separator: "、"))" }
            .joined(separator: "；") + "（法定节假日除外）"
    }
}
