extension QRCode {
    /// The symbol as an SVG image with the standard four-module quiet zone; one path of
    /// horizontal runs keeps it small. `title` becomes the accessible name.
    public func svg(moduleSize: Int = 4, title: String = "二维码") -> String {
        let quiet = 4
        let side = size + 2 * quiet
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else { x += 1; continue }
                var run = 1
                while x + run < size && self[x + run, y] { run += 1 }
                path += "M\(x + quiet) \(y + quiet)h\(run)v1h-\(run)z"
                x += run
            }
        }
        let pixels = side * moduleSize
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(pixels)" height="\(pixels)" \
        shape-rendering="crispEdges" role="img" aria-label="\(escapedAttribute(title))"><rect width="\(side)" height="\(side)" fill="#fff"/>\
        <path d="\(path)" fill="#000"/></svg>
        """
    }

    private func escapedAttribute(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }
}
