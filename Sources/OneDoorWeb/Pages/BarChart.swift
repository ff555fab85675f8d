import Foundation

/// A bar chart drawn by the server as SVG: no JavaScript, prints as it shows, and reads out with
/// a screen reader (each bar has a title, the chart a description). Values are drawn to scale
/// from zero; labels under the bars are thinned out when there are many.
struct BarChart {
    var title: String
    var labels: [String]
    var values: [Double]
    /// How a value is read out ("12 人", "8.5 分钟").
    var format: (Double) -> String
    /// An optional horizontal line (a target), in the values' unit.
    var line: (value: Double, label: String)?

    func svg(width: Int = 640, height: Int = 200) -> String {
        let left = 36.0, bottom = 22.0, top = 14.0
        let plotWidth = Double(width) - left - 4, plotHeight = Double(height) - bottom - top
        let top0 = max(values.max() ?? 0, line?.value ?? 0)
        let scaleMax = top0 > 0 ? Self.niceCeiling(top0) : 1
        let slot = plotWidth / Double(max(values.count, 1))
        let every = max(1, Int((Double(values.count) * 28 / plotWidth).rounded(.up)))
        func y(_ v: Double) -> Double { top + plotHeight * (1 - v / scaleMax) }
        var out = #"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(width) \#(height)" role="img" aria-label="\#(escape(title))">"#
        out += "<title>\(escape(title))</title>"
        for tick in [0, 0.5, 1.0] {
            let v = scaleMax * tick
            out += #"<line class="grid" x1="\#(f(left))" x2="\#(width - 4)" y1="\#(f(y(v)))" y2="\#(f(y(v)))"/>"#
            out += #"<text class="axis" x="\#(f(left - 4))" y="\#(f(y(v) + 4))" text-anchor="end">\#(escape(Self.short(v)))</text>"#
        }
        for (i, value) in values.enumerated() {
            let x = left + slot * Double(i) + slot * 0.15
            let h = max(0, plotHeight * value / scaleMax)
            out += #"<rect class="bar" x="\#(f(x))" y="\#(f(top + plotHeight - h))" width="\#(f(slot * 0.7))" height="\#(f(h))">"#
            out += "<title>\(escape(labels[i]))：\(escape(format(value)))</title></rect>"
            if i % every == 0 {
                out += #"<text class="axis" x="\#(f(x + slot * 0.35))" y="\#(height - 6)" text-anchor="middle">\#(escape(labels[i]))</text>"#
            }
        }
        if let line {
            out += #"<line class="target" x1="\#(f(left))" x2="\#(width - 4)" y1="\#(f(y(line.value)))" y2="\#(f(y(line.value)))"><title>\#(escape(line.label))</title></line>"#
        }
        return out + "</svg>"
    }

    /// 1, 2, 5 × 10ⁿ at or above `v`: axes that read easily.
    static func niceCeiling(_ v: Double) -> Double {
        let magnitude = pow(10, floor(log10(v)))
        for step in [1.0, 2, 5, 10] where step * magnitude >= v { return step * magnitude }
        return 10 * magnitude
    }

    static func short(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
