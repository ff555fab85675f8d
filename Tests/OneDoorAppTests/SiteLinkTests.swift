import Foundation
import HTTPTypes
import HummingbirdTesting
import OneDoorCore
import OneDoorTestSupport
import Testing
@testable import OneDoorWeb

/// Links and routes cannot drift apart (issue 14 §1): Swift builds every link from `SiteURL`,
/// the table the routes are registered from, and the templates' fixed links are checked here.
/// Each role's pages are crawled from where that role starts; every link, script, stylesheet
/// and form target found must be a route the router serves with that method, and every page
/// linked to must open (no 404, no 5xx) for the role that was shown the link.
@Suite struct SiteLinkTests {
    struct Target: Hashable, CustomStringConvertible {
        var method: String
        /// As written in the page, query included.
        var link: String
        var description: String { "\(method) \(link)" }
        /// The path alone, its segments decoded.
        var path: String { String(link.prefix { $0 != "?" && $0 != "#" }) }
    }

    /// The internal targets of a page: `href`, `src`, `data-kiosk-start` (GET) and forms (their method).
    static func targets(in html: String) -> [Target] {
        var found: [Target] = []
        let attribute = /(?:href|src|data-kiosk-start)="(\/[^"]*)"/
        for match in html.matches(of: attribute) { found.append(Target(method: "GET", link: unescape(String(match.1)))) }
        for form in html.matches(of: /<form\b[^>]*>/) {
            let tag = String(form.0)
            guard let action = tag.firstMatch(of: /action="(\/[^"]*)"/)?.1 else { continue }
            let method = tag.firstMatch(of: /method="(\w+)"/).map { $0.1.uppercased() } ?? "GET"
            found.append(Target(method: method, link: unescape(String(action))))
        }
        return found
    }

    static func unescape(_ attribute: String) -> String {
        attribute.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&#x2F;", with: "/")
    }

    /// The router's pattern (`GET /cases/{number}`) this target is one of, if any.
    static func route(of target: Target, among routes: [String]) -> String? {
        let have = target.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        return routes.first { pattern in
            let parts = pattern.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0] == target.method else { return false }
            let want = parts[1].split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            if parts[1] == "/" { return target.path == "/" }
            return want.count == have.count && zip(want, have).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    /// Pages not followed: streams, downloads, signing out, and the print view of every item.
    static func follow(_ target: Target) -> Bool {
        let path = target.path
        return target.method == "GET" && !path.hasSuffix("/events") && !path.hasSuffix(".csv") && !path.hasSuffix(".json")
            && !path.hasPrefix("/static/") && path != "/logout"
    }

    struct Crawl {
        var checked = 0, opened = 0
        var unrouted: Set<String> = [], broken: Set<String> = []
    }

    /// Opens `pages` as `session` and follows their links breadth first (a few pages per route).
    static func crawl(_ client: any TestClientProtocol, as session: WebSession?, label: String, from pages: [String],
                      routes: [String], into crawl: inout Crawl) async throws {
        var queue = pages.map { Target(method: "GET", link: $0) }
        var seen = Set(queue.map(\.link))
        var perRoute: [String: Int] = [:]
        while !queue.isEmpty, crawl.opened < 600 {
            let page = queue.removeFirst()
            let response = try await client.page(page.link, session)
            crawl.opened += 1
            if response.status == .notFound || response.status.code >= 500 || response.status == .forbidden {
                crawl.broken.insert("\(label) \(page.link) → \(response.status.code)")
                continue
            }
            guard response.status == .ok, response.headers[.contentType]?.hasPrefix("text/html") == true else { continue }
            for target in targets(in: String(buffer: response.body)) {
                crawl.checked += 1
                guard let route = route(of: target, among: routes) else {
                    crawl.unrouted.insert("\(target) on \(page.link)")
                    continue
                }
                // A few pages of each route are enough to see its links.
                guard follow(target), !seen.contains(target.link), perRoute[route, default: 0] < 3 else { continue }
                seen.insert(target.link)
                perRoute[route, default: 0] += 1
                queue.append(target)
            }
        }
    }

    @Test func everyLinkAndFormOfEveryPageHasARoute() async throws {
        try await TestApp.run(.sqlite) { client, app in
            // A case to link to, so that the case pages have content.
            let clerk = try await client.signIn(.clerk)
            let created = try await client.post("/cases", clerk, CasePagesTests.intakeFields())
            let casePath = String(try #require(created.headers[.location]).split(separator: "?")[0])
            var crawl = Crawl()
            try await Self.crawl(client, as: nil, label: "visitor", from: ["/", "/progress", "/login", "/halls/CC/screen", "/halls/CC/appointments"],
                                 routes: app.routes, into: &crawl)
            try await Self.crawl(client, as: clerk, label: "clerk", from: ["/workstation", "/cases", "/cases/new", casePath, "/account/password"],
                                 routes: app.routes, into: &crawl)
            try await Self.crawl(client, as: try await client.signIn(.approver), label: "approver", from: ["/cases"], routes: app.routes, into: &crawl)
            try await Self.crawl(client, as: try await client.signIn(.supervisor), label: "supervisor", from: ["/cases", "/admin/organisation", "/admin/access-log", "/admin/audit"],
                                 routes: app.routes, into: &crawl)
            try await Self.crawl(client, as: try await client.signIn(.admin), label: "admin",
                                 from: ["/admin", "/admin/organisation", "/admin/accounts", "/admin/calendar", "/admin/halls/CC/queues"],
                                 routes: app.routes, into: &crawl)
            try await Self.crawl(client, as: try await client.citizenSignIn("13800138000", app), label: "citizen", from: ["/me", "/citizen/login"],
                                 routes: app.routes, into: &crawl)
            #expect(crawl.checked > 1_000, "only \(crawl.checked) links checked")
            #expect(crawl.opened > 100, "only \(crawl.opened) pages opened")
            #expect(crawl.unrouted.isEmpty, "links and forms without a route: \(crawl.unrouted.sorted())")
            #expect(crawl.broken.isEmpty, "pages linked to that do not open: \(crawl.broken.sorted())")
        }
    }

    /// The table's links: parameters escaped as one path segment, queries without empty values.
    @Test func linksAreBuiltFromTheTable() {
        #expect(SiteURL.caseDetail(.value("CC-20260928-00001")).path == "/cases/CC-20260928-00001")
        #expect(SiteURL.caseDetail(.key).path == "/cases/:number")
        #expect(SiteURL.adminWindowDelete(.value("CC"), .value("3")).path == "/admin/halls/CC/windows/3/delete")
        #expect(SiteURL.items.path(["q": "食品&饮", "category": nil, "level": "", "page": "2"], fragment: "top") == "/items?q=%E9%A3%9F%E5%93%81%26%E9%A5%AE&page=2#top")
        #expect(SiteURL.adminAccount(.value("a/b?c")).path == "/admin/accounts/a%2Fb%3Fc")
        #expect(SiteURL.home.path == "/")
    }
}
