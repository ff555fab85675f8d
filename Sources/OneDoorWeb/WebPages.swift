import Foundation
import Hummingbird
import Mustache
import OneDoorCore
import OneDoorServices

/// Renders pages from the Mustache templates in Resources/Templates.
public struct WebPages: Sendable {
    let library: MustacheLibrary
    let secureCookies: Bool
    /// The address the public reaches the platform at (for QR codes), e.g. `https://zwfw.example.gov.cn`.
    let publicBaseURL: String?

    public init(secureCookies: Bool, publicBaseURL: String? = nil) async throws {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw ProblemDetails.internalError
        }
        library = try await MustacheLibrary(directory: directory)
        self.secureCookies = secureCookies
        self.publicBaseURL = publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// Renders `template` with `model` inside the site layout.
    func render(_ template: String, _ model: some PageModel, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let html = try self.html(template, model)
        var fields: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        fields.append(contentsOf: headers)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The HTML of `template` with `model` inside the site layout (for the signed-in person, if any).
    func html(_ template: String, _ model: some PageModel) throws -> String {
        let layout = Layout(title: model.title, identity: RequestScope.current.identity, citizen: RequestScope.current.citizen,
                            bodyClass: model.bodyClass, bare: model.bare, refresh: model.refresh)
        guard let html = library.render(RenderValues.flatten(Page(layout: layout, model: model)), withTemplate: template) else {
            throw ProblemDetails.internalError
        }
        return html
    }

    /// The page shown for an error: what happened, in Chinese, and where to go next.
    public func errorPage(_ problem: ProblemDetails) throws -> Response {
        try render("error", ErrorPage(problem: problem), status: .init(code: problem.status))
    }
}

/// What every page model provides to the layout.
protocol PageModel: Sendable {
    var title: String { get }
    var bodyClass: String { get }
    /// A page for a device in a hall (the kiosk): no site navigation or footer to wander off by.
    var bare: Bool { get }
    /// `<meta http-equiv="refresh">` content, for pages that move on by themselves.
    var refresh: String? { get }
}

extension PageModel {
    var bodyClass: String { "" }
    var bare: Bool { false }
    var refresh: String? { nil }
}

/// The layout's data: the page title and who is signed in.
///
/// - Important: Mustache reads values through `Mirror`, which sees stored properties only:
///   everything a template shows must be a stored property, computed once here.
struct Layout: Sendable {
    let title: String
    let bodyClass: String
    let signedIn: Bool
    let staffName: String
    let isAdmin: Bool
    let isSupervisor: Bool
    let isClerk: Bool
    let isApprover: Bool
    let csrf: String
    let bare: Bool
    let refresh: String?
    /// A citizen signed in (their own cookie): 我的 and 退出 instead of the staff sign-in link.
    let citizenSignedIn: Bool
    let citizenPhone: String
    let citizenCSRF: String

    init(title: String, identity: Identity?, citizen: CitizenIdentity? = nil, bodyClass: String, bare: Bool = false, refresh: String? = nil) {
        citizenSignedIn = citizen != nil
        citizenPhone = citizen?.account.maskedPhone ?? ""
        citizenCSRF = citizen?.csrfToken ?? ""
        self.title = title
        self.bodyClass = bodyClass
        self.bare = bare
        self.refresh = refresh
        signedIn = identity != nil
        staffName = identity.map { "\($0.account.displayName)（\($0.account.role.label)）" } ?? ""
        isAdmin = identity?.role == .admin
        isSupervisor = identity?.role == .supervisor
        isClerk = identity?.role == .clerk
        isApprover = identity?.role == .approver
        csrf = identity?.csrfToken ?? ""
    }
}

/// Template context: `layout` for the frame, `page` for the content.
struct Page<Model: PageModel>: Sendable {
    var layout: Layout
    var page: Model
    init(layout: Layout, model: Model) {
        self.layout = layout
        self.page = model
    }
}

struct ErrorPage: PageModel {
    var title: String { "出错了" }
    let status: Int
    let detail: String
    let errors: [ValidationProblemRow]

    init(problem: ProblemDetails) {
        status = problem.status
        detail = problem.detail
        errors = (problem.errors ?? []).map(ValidationProblemRow.init)
    }
}

/// A validation problem as a page shows it.
struct ValidationProblemRow: Sendable {
    var path: String
    var reason: String
    init(_ problem: OneDoorCore.ValidationProblem) {
        path = problem.path
        reason = problem.reason
    }
}
