import OneDoorCore
import Testing

/// Files are known by their content (issue 15 §3): PDF, JPEG and PNG by their first bytes; names
/// are kept for showing only, cleaned of paths and control characters.
@Suite struct FileKindTests {
    @Test func kindsAreRecognisedByTheirFirstBytes() {
        #expect(FileKind.sniff(Array("%PDF-1.4\n".utf8)) == .pdf)
        #expect(FileKind.sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == .jpeg)
        #expect(FileKind.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        for other: [UInt8] in [[], [0x50, 0x4B, 0x03, 0x04], Array("<html>".utf8), Array("%PDF".utf8), [0x89, 0x50, 0x4E, 0x47], [0x7F, 0x45, 0x4C, 0x46]] {
            #expect(FileKind.sniff(other) == nil, "\(other)")
        }
    }

    @Test func namesAreCleanedAndCheckedAgainstTheContent() {
        #expect(FileName.cleaned("../../etc/passwd") == "passwd")
        #expect(FileName.cleaned("C:\\Users\\张三\\身份证.pdf") == "身份证.pdf")
        #expect(FileName.cleaned("..") == "文件" && FileName.cleaned("") == "文件" && FileName.cleaned(".bashrc") == "bashrc")
        #expect(FileName.cleaned("a\u{0}b\r\n\"c\".png") == "abc.png")
        #expect(FileName.cleaned(String(repeating: "长", count: 300)).count == 100)
        #expect(FileName.problem(name: "营业执照.pdf", kind: .png)?.contains("PNG 图片") == true)
        #expect(FileName.problem(name: "照片.JPG", kind: .jpeg) == nil)
        #expect(FileName.problem(name: "扫描件", kind: .pdf) == nil)
        // An extension the platform does not know says nothing either way; the content decides.
        #expect(FileName.problem(name: "scan.tif", kind: .png) == nil)
        #expect(FileName.problem(name: "bomb.zip", kind: nil)?.contains("不是 PDF、JPEG 或 PNG") == true)
    }
}
