import OneDoorCore
import OneDoorServices

/// The coordinator's timeline (issue 17 §2), drawn by the server as SVG: one row per child of each
/// running theme case, a bar from the day its clock started (or the theme's receipt, while it
/// waits) to its promised deadline (the theme's, while it waits), coloured by where it stands;
/// the child that holds the theme up is drawn as blocking; a line marks today.
struct ThemeTimeline {
    var views: [ThemeCaseView]
    var today: CivilDate

    func svg(width: Int = 760) -> String {
        let rowHeight = 18.0, labelWidth = 230.0, top = 22.0, right = 8.0
        let rows = views.reduce(0) { $0 + 1 + $1.children.count }
        let height = top + Double(rows) * rowHeight + 8
        var first = today.dayNumber, last = today.dayNumber + 1
        for view in views {
            first = min(first, view.theme.receivedOn.dayNumber)
            last = max(last, view.theme.promisedDeadline?.dayNumber ?? last)
            for child in view.children { last = max(last, child.record.promisedDeadline?.dayNumber ?? last) }
        }
        let span = Double(max(last - first + 1, 1))
        let plot = Double(width) - labelWidth - right
        func x(_ day: Int) -> Double { labelWidth + plot * Double(day - first) / span }
        var out = #"<svg class="chart timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(width) \#(f(height))" role="img" aria-label="一件事办理时间轴">"#
        out += "<title>一件事办理时间轴：各主件的子件从开始计时到承诺期限</title>"
        out += #"<text class="axis" x="\#(f(labelWidth))" y="14">\#(escape(CivilDate(dayNumber: first).chinese))</text>"#
        out += #"<text class="axis" x="\#(width - Int(right))" y="14" text-anchor="end">\#(escape(CivilDate(dayNumber: last).chinese))</text>"#
        var y = top
        let blocking = Set(views.flatMap(\.progress.blocking))
        for view in views {
            out += #"<text class="theme-label" x="2" y="\#(f(y + 13))">\#(escape(view.theme.themeName + " " + view.theme.number.rawValue))</text>"#
            if let deadline = view.theme.promisedDeadline {
                out += #"<line class="theme-deadline" x1="\#(f(x(deadline.dayNumber + 1)))" x2="\#(f(x(deadline.dayNumber + 1)))" y1="\#(f(y))" y2="\#(f(y + rowHeight * Double(view.children.count + 1)))"><title>一件事承诺 \#(escape(deadline.chinese))</title></line>"#
            }
            y += rowHeight
            for child in view.children {
                let r = child.record
                let start = (r.acceptedOn ?? view.theme.receivedOn).dayNumber
                let end = (r.promisedDeadline ?? view.theme.promisedDeadline ?? CivilDate(dayNumber: start)).dayNumber + 1
                let kind = blocking.contains(r.number) ? "blocking" : Self.kind(r.state)
                out += #"<text class="axis" x="12" y="\#(f(y + 13))">\#(escape(r.itemName))</text>"#
                out += #"<rect class="span \#(kind)" x="\#(f(x(start)))" y="\#(f(y + 3))" width="\#(f(max(2, x(end) - x(start))))" height="\#(f(rowHeight - 6))">"#
                out += "<title>\(escape(r.itemName))：\(escape(r.state.label))\(r.promisedDeadline.map { "，承诺 " + $0.chinese } ?? "")</title></rect>"
                y += rowHeight
            }
        }
        out += #"<line class="today" x1="\#(f(x(today.dayNumber)))" x2="\#(f(x(today.dayNumber)))" y1="\#(f(top - 4))" y2="\#(f(height - 4))"><title>今天</title></line>"#
        return out + "</svg>"
    }

    static func kind(_ state: CaseState) -> String {
        switch state {
        case .concluded, .delivered: "done"
        case .waiting, .correction: "waiting"
        case .notAccepted, .withdrawn: "ended"
        default: "running"
        }
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// 一件事协调: the running theme cases, each with where it stands, and the timeline.
struct ThemeCoordinationPage: PageModel {
    struct Row: Sendable {
        var number: String
        var link: String
        var themeName: String
        var stage: String
        var blocked: Bool
        var concluded: Int
        var total: Int
        var promised: String
    }

    var title: String { "一件事协调" }
    var bodyClass: String { "admin" }
    var rows: [Row]
    var hasRows: Bool
    var timeline: String
    var scope: String

    init(views: [ThemeCaseView], today: CivilDate, scope: String) {
        rows = views.map { v in
            Row(number: v.theme.number.rawValue, link: SiteURL.themeCase(.value(v.theme.number)).path, themeName: v.theme.themeName,
                stage: v.progress.stage == .blocked ? "受阻：前置事项未获准予" : v.progress.stage == .ready ? "待统一出件" : "办理中",
                blocked: v.progress.stage == .blocked, concluded: v.progress.concluded, total: v.progress.total,
                promised: v.theme.promisedDeadline?.chinese ?? "—")
        }
        hasRows = !rows.isEmpty
        timeline = views.isEmpty ? "" : ThemeTimeline(views: views, today: today).svg()
        self.scope = scope
    }
}
