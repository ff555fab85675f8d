import OneDoorCore
import OneDoorTestSupport
import Testing

/// The pure checks that stand between a request's values and the rest of the platform: paging,
/// addresses, client addresses, document numbers and their masks.
@Suite struct RequestValueChecksTests {
    @Test func pagingNeverTrapsWhateverTheLinkSays() {
        for text in ["9223372036854775807", "-9223372036854775808", "184467440737095517", "0", "-5", "x", ""] {
            let page = PageRequest.link(Substring(text), pageSize: 50)
            #expect((1...PageRequest.maximumPage).contains(page.page))
            #expect(page.offset >= 0 && page.offset <= (PageRequest.maximumPage - 1) * 50)
            _ = page.hasNext(total: .max)
        }
        #expect(PageRequest.link("3", pageSize: 50).offset == 100)
        #expect(PageRequest.link(nil, pageSize: 50).page == 1)
        #expect(PageRequest.link("9223372036854775807", pageSize: 50).page == PageRequest.maximumPage)
        // Values as an API client may send them, before their problems are checked.
        let hostile = PageRequest(page: .max, pageSize: .max)
        #expect(hostile.offset == (PageRequest.maximumPage - 1) * 100)
        #expect(!hostile.hasNext(total: .max))
        #expect(PageRequest(page: .min, pageSize: .min).offset == 0)
        #expect(PageRequest(page: 2, pageSize: 50).hasNext(total: 101) && !PageRequest(page: 3, pageSize: 50).hasNext(total: 101))
    }

    @Test func onlyPathsOfThisSiteAreFollowedAfterSignIn() {
        for path in ["/admin", "/cases?page=2", "/cases/CC-20260928-00001", "/items/%E9%A4%90"] {
            #expect(LocalPath.checked(path) == path)
        }
        for hostile in ["/\t/evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example", "javascript:alert(1)",
                        " /admin", "/\n/evil.example", "/ad min", "/中文", "", "evil.example", "/" + String(repeating: "a", count: 2_001)] {
            #expect(LocalPath.checked(hostile) == nil, "accepted \(hostile.prefix(30))")
        }
        #expect(LocalPath.checked(nil) == nil)
    }

    @Test func catalogueLinksAreWebAddressesOnly() {
        #expect(WebAddress.isWebLink("https://www.gdzwfw.gov.cn/forms/a.doc"))
        #expect(WebAddress.isWebLink("http://example.gov.cn/x"))
        for bad in ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>", "//evil.example", "https:///evil", "https://a b",
                    "https://a\tb", "/forms/a.doc", "ftp://example/x", "https:\\\\evil"] {
            #expect(!WebAddress.isWebLink(bad), "accepted \(bad)")
        }
        var guide = Fixtures.foodLicence()
        guide.materials[0].blankForm = "javascript:alert(document.cookie)"
        guide.materials[1].sample = "data:text/html,x"
        let paths = guide.problems(references: Fixtures.organisationReferences).map(\.path)
        #expect(paths.contains("materials[0].blankForm") && paths.contains("materials[1].sample"))
        guide.materials[0].blankForm = "https://www.gdzwfw.gov.cn/forms/a.doc"
        guide.materials[1].sample = nil
        #expect(guide.problems(references: Fixtures.organisationReferences).isEmpty)
    }

    @Test func thePublicAddressAndTheDemoHost() throws {
        #expect(try WebAddress.publicBase("https://zwfw.chancheng.gov.cn/").get() == "https://zwfw.chancheng.gov.cn")
        #expect(try WebAddress.publicBase("http://127.0.0.1:8080").get() == "http://127.0.0.1:8080")
        for bad in ["zwfw.chancheng.gov.cn", "https://a.example/?x=1", "https://a.example/#x", "javascript:x", "https://" + String(repeating: "a", count: 200)] {
            #expect((try? WebAddress.publicBase(bad).get()) == nil, "accepted \(bad.prefix(30))")
        }
        #expect(WebAddress.checkedAuthority("127.0.0.1:8080") == "127.0.0.1:8080")
        #expect(WebAddress.checkedAuthority("[::1]:8080") == "[::1]:8080")
        #expect(WebAddress.checkedAuthority("zwfw.example") == "zwfw.example")
        for bad in [String(repeating: "a", count: 101), "a.example/x", "a\"b", "a b", "", "a@b", "a.example?x"] {
            #expect(WebAddress.checkedAuthority(bad) == nil, "accepted \(bad.prefix(30))")
        }
        #expect(WebAddress.checkedAuthority(nil) == nil)
    }

    @Test func theClientIsTheSocketUnlessATrustedProxyNamesIt() {
        let proxies: Set = ["10.0.0.2", "10.0.0.3"]
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: "1.2.3.4", trustedProxies: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "1.2.3.4", trustedProxies: proxies) == "1.2.3.4")
        // A client names itself first; the proxies append: the right-most untrusted hop counts.
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "6.6.6.6, 1.2.3.4, 10.0.0.3", trustedProxies: proxies) == "1.2.3.4")
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: "evil, 10.0.0.3", trustedProxies: proxies) == "10.0.0.2")
        #expect(ClientAddress.resolve(peer: "10.0.0.2", forwardedFor: nil, trustedProxies: proxies) == "10.0.0.2")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: "1.2.3.4", trustedProxies: []) == "127.0.0.1")
        #expect(ClientAddress.isLoopback("127.0.0.1") && ClientAddress.isLoopback("::1") && ClientAddress.isLoopback("::ffff:127.0.0.1"))
        #expect(!ClientAddress.isLoopback("10.0.0.1") && !ClientAddress.isLoopback("1127.0.0.1"))
    }

    @Test func passportsAndOtherDocumentsHaveAFormatAndAreMostlyHidden() {
        func problems(_ type: DocumentType, _ number: String) -> [ValidationProblem] {
            var c = ProblemCollector()
            _ = type.checkedNumber(number, today: nil, into: &c)
            return c.problems
        }
        #expect(problems(.passport, "E12345678").isEmpty && problems(.passport, " e1234567 ").isEmpty)
        #expect(problems(.other, "HK-1234567").isEmpty)
        for bad in ["张三的护照", "ABCDEFG", "E1", "E 1234567", String(repeating: "1", count: 18) + "X"] {
            #expect(problems(.passport, bad).map(\.path) == ["documentNumber"], "accepted passport \(bad)")
        }
        for bad in ["随便写", "abc", "1", "A B 1 2"] {
            #expect(problems(.other, bad).map(\.path) == ["documentNumber"], "accepted other \(bad)")
        }
        #expect(DocumentType.passport.masked("E12345678") == "E******78")
        #expect(DocumentType.other.masked("12345") == "*****")
        #expect(DocumentType.residentID.masked("44011320141005001X") == "4401**********001X")
        let agent = Person(name: "李四", documentType: .passport, documentNumber: "E12345678")
        #expect(Applicant.person(agent).maskedNumber == "E******78")
    }
}
