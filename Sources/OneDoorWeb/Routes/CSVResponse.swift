import Hummingbird

extension OneDoorWeb {
    /// A CSV export as a download named `name` (every statistics page's).
    static func csvResponse(_ text: String, name: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
