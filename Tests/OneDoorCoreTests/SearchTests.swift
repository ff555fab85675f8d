import OneDoorCore
import Testing

@Suite struct CatalogSearchIndexTests {
    let index = CatalogSearchIndex(documents: [
        SearchDocument(code: "food", name: "食品经营许可", aliases: ["开餐馆"], departmentName: "市场监督管理局", materialNames: ["营业执照"]),
        SearchDocument(code: "elder", name: "老年人优待证", aliases: ["敬老卡"], departmentName: "卫生健康局"),
        SearchDocument(code: "birth", name: "生育登记", departmentName: "卫生健康局", materialNames: ["结婚证"]),
        SearchDocument(code: "public", name: "公共场所卫生许可", departmentName: "卫生健康局"),
        SearchDocument(code: "xk", name: "许可", departmentName: "测试"),
        SearchDocument(code: "xkz", name: "许可证补办", departmentName: "测试"),
    ], pinyin: PinyinInitials(table: "s:食生\np:品\nj:经\ny:营育\nx:许\nk:可\nl:老登"))

    @Test func findsThroughAliasSubstring() {
        #expect(index.search("餐").map(\.code) == ["food"])
    }

    @Test func findsNameSubstring() {
        #expect(index.search("老年").map(\.code) == ["elder"])
    }

    @Test func ranksExactThenPrefixThenSubstring() {
        let hits = index.search("许可")
        #expect(hits.map(\.code) == ["xk", "xkz", "food", "public"])
        #expect(hits.map(\.kind) == [.exactName, .namePrefix, .nameContains, .nameContains])
    }

    @Test func findsByDepartmentAndMaterial() {
        #expect(index.search("卫生健康").map(\.code) == ["birth", "elder", "public"])
        #expect(index.search("结婚证").map(\.code) == ["birth"])
    }

    @Test func matchesPinyinInitials() {
        #expect(index.search("spjy").map(\.code) == ["food"])
        #expect(index.search("SPJY").map(\.code) == ["food"])
    }

    @Test func ignoresWhiteSpaceAndFullWidthLetters() {
        #expect(index.search(" 老 年 ").map(\.code) == ["elder"])
        #expect(index.search("ＳＰＪＹ").map(\.code) == ["food"])
    }

    @Test func unknownTextAndEmptyQueryFindNothing() {
        #expect(index.search("火箭").isEmpty)
        #expect(index.search("").isEmpty)
    }
}
