import OneDoorCore
import OneDoorStorage

/// An RFC 9457 problem document: what every error looks like to API clients.
///
/// `detail` is Chinese, for people; `errors` lists field paths and reasons, for programs.
public struct ProblemDetails: Error, Sendable, Codable, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var instance: String?
    public var errors: [ValidationProblem]?
    /// Seconds before trying again (429); also sent as the `Retry-After` header.
    public var retryAfter: Int64?

    public init(status: Int, title: String, detail: String, errors: [ValidationProblem]? = nil, type: String? = nil) {
        self.type = type ?? "about:blank"
        self.title = title
        self.status = status
        self.detail = detail
        self.errors = errors
    }

    public static func badRequest(_ detail: String, errors: [ValidationProblem]? = nil) -> ProblemDetails {
        ProblemDetails(status: 400, title: "Bad Request", detail: detail, errors: errors)
    }

    /// A case number from a request: refused (404, as for an unknown case) unless it has the
    /// shape of one, so nothing malformed reaches the services as a case number.
    public static func caseNumber(_ text: String) throws(ProblemDetails) -> CaseNumber {
        guard let number = CaseNumber(parsing: text) else { throw notFound("办件“\(text.prefix(40))”不存在") }
        return number
    }

    /// A hall's code from a request path: refused (404, as for an unknown hall) unless it has
    /// a code's shape.
    public static func hallCode(_ text: String) throws(ProblemDetails) -> HallCode {
        guard let code = HallCode(parsing: text) else { throw notFound("服务中心“\(text.prefix(40))”不存在") }
        return code
    }

    /// A window's number from a request path: refused (404) unless it has a window number's shape.
    public static func windowNumber(_ text: String) throws(ProblemDetails) -> WindowNumber {
        guard let number = WindowNumber(parsing: text) else { throw notFound("窗口“\(text.prefix(40))”不存在") }
        return number
    }

    /// An item's code from a request path: refused (404, as for an unknown item) unless it has
    /// an implementation code's shape.
    public static func itemCode(_ text: String) throws(ProblemDetails) -> ItemCode {
        guard let code = ItemCode(parsing: text) else { throw notFound("事项“\(text.prefix(40))”不存在或未发布") }
        return code
    }

    /// A department's code from a request path: refused (404) unless it has a code's shape.
    public static func departmentCode(_ text: String) throws(ProblemDetails) -> DepartmentCode {
        guard let code = DepartmentCode(parsing: text) else { throw notFound("部门“\(text.prefix(40))”不存在") }
        return code
    }

    public static func notFound(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: 404, title: "Not Found", detail: detail)
    }

    public static let internalError = ProblemDetails(
        status: 500, title: "Internal Server Error", detail: "服务器内部错误，已记录，请稍后再试或联系管理员"
    )

    /// The problem for any error the domain, storage or access layers throw; nil for errors
    /// that are bugs (those become 500 and are logged, never shown).
    public static func from(_ error: any Error) -> ProblemDetails? {
        switch error {
        case let problem as ProblemDetails:
            return problem
        case let failed as ValidationFailed:
            return ProblemDetails(
                status: 422, title: "Unprocessable Content",
                detail: "提交的内容有 \(failed.problems.count) 处问题，未保存任何内容：" + failed.problems.map(\.reason).prefix(3).joined(separator: "；")
                    + (failed.problems.count > 3 ? "……" : ""),
                errors: failed.problems, type: "/problems/validation"
            )
        case let auth as AuthError:
            switch auth {
            case .unauthenticated, .invalidCredentials:
                return ProblemDetails(status: 401, title: "Unauthorized", detail: auth.message)
            case .forbidden, .badCSRFToken:
                return ProblemDetails(status: 403, title: "Forbidden", detail: auth.message)
            case .passwordChangeRequired:
                return ProblemDetails(status: 403, title: "Forbidden", detail: auth.message, type: "/problems/password-change-required")
            case .tooManyAttempts(let wait):
                var problem = ProblemDetails(status: 429, title: "Too Many Requests", detail: auth.message)
                problem.retryAfter = wait
                return problem
            }
        case let catalog as CatalogError:
            switch catalog {
            case .itemNotFound(let code):
                return .notFound("事项“\(code)”不存在")
            case .itemExists(let code):
                return ProblemDetails(status: 409, title: "Conflict", detail: "实施编码为“\(code)”的事项已存在",
                                      errors: [ValidationProblem(path: "implementationCode", reason: "该实施编码已被使用")])
            case .versionConflict(_, let expected, let actual):
                return ProblemDetails(status: 409, title: "Conflict",
                                      detail: "事项已被他人修改（您编辑的是版本 \(expected)，当前最新为版本 \(actual)），请刷新后重新修改")
            case .invalidTransition(let reason):
                return ProblemDetails(status: 409, title: "Conflict", detail: reason)
            case .themeNotFound(let code):
                return .notFound("主题“\(code)”不存在")
            case .themeExists(let code):
                return ProblemDetails(status: 409, title: "Conflict", detail: "编码为“\(code)”的主题已存在",
                                      errors: [ValidationProblem(path: "code", reason: "该主题编码已被使用")])
            case .themeVersionConflict(_, let expected, let actual):
                return ProblemDetails(status: 409, title: "Conflict",
                                      detail: "主题已被他人修改（您编辑的是版本 \(expected)，当前最新为版本 \(actual)），请刷新后重新修改")
            }
        case let account as AccountError:
            switch account {
            case .notFound: return .notFound("账号不存在")
            case .usernameTaken(let name):
                return ProblemDetails(status: 409, title: "Conflict", detail: "用户名“\(name)”已被使用")
            case .staffNumberTaken(let number):
                return ProblemDetails(status: 409, title: "Conflict", detail: "工号“\(number)”已被使用")
            }
        case let rule as CaseRuleError:
            switch rule {
            case .notAllowed(let reason): return ProblemDetails(status: 409, title: "Conflict", detail: reason, type: "/problems/case-transition")
            case .forbidden(let reason): return ProblemDetails(status: 403, title: "Forbidden", detail: reason)
            }
        case let store as CaseStoreError:
            switch store {
            case .notFound(let number): return .notFound("办件“\(number)”不存在")
            case .conflict(let number):
                return ProblemDetails(status: 409, title: "Conflict", detail: "办件 \(number) 刚被他人办理，您的操作未生效。请刷新后查看最新状态。",
                                      type: "/problems/case-conflict")
            }
        case let store as EnterpriseStoreError:
            switch store {
            case .registeredByOther:
                return ProblemDetails(status: 409, title: "Conflict", detail: "该企业已由其法定代表人登记；如法定代表人变更，请携带营业执照到综合窗口办理",
                                      errors: [ValidationProblem(path: "uscc", reason: "已由他人登记")])
            case .notFound(let uscc): return .notFound("企业“\(uscc.prefix(40))”不存在或不由您管理")
            }
        case let rule as LicenceRuleError:
            return ProblemDetails(status: 409, title: "Conflict", detail: rule.description, type: "/problems/licence-transition")
        case let store as LicenceStoreError:
            switch store {
            case .notFound: return .notFound("电子证照不存在")
            case .conflict:
                return ProblemDetails(status: 409, title: "Conflict", detail: "电子证照的状态刚被他人变更，您的操作未生效，请刷新后查看", type: "/problems/licence-conflict")
            }
        case let store as ApplicationStoreError:
            switch store {
            case .notFound(let id): return .notFound("申报“\(id.prefix(40))”不存在")
            case .conflict:
                return ProblemDetails(status: 409, title: "Conflict", detail: "申报刚被修改（可能在另一个页面或由他人办理），您的操作未生效，请刷新后查看",
                                      type: "/problems/application-conflict")
            case .tooLarge(let limit):
                return ProblemDetails(status: 413, title: "Content Too Large", detail: "一份申报的材料合计不能超过 \(limit >> 20) MB，请压缩后再上传")
            }
        case let store as RatingStoreError:
            switch store {
            case .alreadyRated:
                return ProblemDetails(status: 409, title: "Conflict", detail: "这项服务已经评价过了；\(RatingRules.changeDays) 天内可以修改评价", type: "/problems/rated")
            case .conflict:
                return ProblemDetails(status: 409, title: "Conflict", detail: "评价或整改刚被修改，您的操作未生效，请刷新后查看", type: "/problems/rating-conflict")
            }
        case is ComplaintStoreError:
            return ProblemDetails(status: 409, title: "Conflict", detail: "来件刚被他人办理，您的操作未生效，请刷新后查看", type: "/problems/complaint-conflict")
        case let store as SupervisionStoreError:
            switch store {
            case .alreadyOpen:
                return ProblemDetails(status: 409, title: "Conflict", detail: "已有未答复的督办，答复后才能再次督办", type: "/problems/supervision-open")
            case .conflict:
                return ProblemDetails(status: 409, title: "Conflict", detail: "督办刚被答复，您的操作未生效，请刷新后查看", type: "/problems/supervision-conflict")
            }
        case let rule as TicketRuleError:
            switch rule {
            case .notAllowed(let reason): return ProblemDetails(status: 409, title: "Conflict", detail: reason, type: "/problems/ticket-refused")
            case .forbidden(let reason): return ProblemDetails(status: 403, title: "Forbidden", detail: reason)
            }
        case let store as TicketStoreError:
            let refused = { (detail: String) in ProblemDetails(status: 409, title: "Conflict", detail: detail, type: "/problems/ticket-refused") }
            switch store {
            case .notFound: return .notFound("排队号不存在")
            case .conflict(let number):
                return ProblemDetails(status: 409, title: "Conflict", detail: "\(number.isEmpty ? "该" : number + " ")号刚被其他窗口办理，您的操作未生效，请刷新后查看",
                                      type: "/problems/ticket-conflict")
            case .dailyLimit(let limit): return refused("实名制取号：每人每天在本中心最多取 \(limit) 个号，今天的次数已用完")
            case .alreadyQueued(let queue): return refused("您在“\(queue)”队列已有一个未办结的号，请等候叫号，无需重复取号")
            case .queueFull(let queue): return refused("“\(queue)”今天的号已经发完，请明天再来或在线预约")
            }
        case let store as AppointmentStoreError:
            switch store {
            case .notFound: return .notFound("预约不存在，或证件号码与预约不符，请核对预约编号和证件号码")
            case .slotFull(let label):
                return ProblemDetails(status: 409, title: "Conflict", detail: "\(label) 已约满，请选择其他时段", type: "/problems/slot-full")
            case .notChangeable(let state):
                let detail = state == .booked ? "预约时段已经开始，不能再取消或改约" : "该预约\(state.label)，不能再取消或改约"
                return ProblemDetails(status: 409, title: "Conflict", detail: detail, type: "/problems/appointment-closed")
            }
        case let qr as QRCode.EncodingError:
            // Only an address longer than any this platform makes gets here (its public address is
            // checked at start, the demo's Host header per request): the request's fault, not ours.
            switch qr {
            case .tooLong(let bytes, let maximum):
                return ProblemDetails(status: 400, title: "Bad Request", detail: "地址过长（\(bytes) 字节，二维码最多 \(maximum) 字节），无法生成二维码")
            }
        case let kiosk as KioskError:
            switch kiosk {
            case .notRegistered:
                return ProblemDetails(status: 401, title: "Unauthorized", detail: "本设备未登记为取号机（或已停用）：取号和预约签到只能在服务中心的取号机上办理，请联系中心管理员",
                                      type: "/problems/kiosk-required")
            case .otherHall(let hall):
                return ProblemDetails(status: 403, title: "Forbidden", detail: "这台取号机登记在服务中心“\(hall)”，不能为其他服务中心取号", type: "/problems/kiosk-required")
            case .notFound:
                return .notFound("该服务中心没有这台在用的取号机")
            }
        case let tooMany as TooManyRequests:
            var problem = ProblemDetails(status: 429, title: "Too Many Requests", detail: "请求过于频繁，请 \(tooMany.retryAfter) 秒后再试")
            problem.retryAfter = tooMany.retryAfter
            return problem
        case let notLoaded as CalendarNotLoaded:
            return ProblemDetails(status: 422, title: "Unprocessable Content", detail: notLoaded.description, type: "/problems/calendar-not-loaded")
        case let organisation as OrganisationError:
            switch organisation {
            case .hallNotFound(let code): return .notFound("服务中心“\(code)”不存在")
            case .windowNotFound(let hall, let number): return .notFound("服务中心“\(hall)”没有 \(number) 号窗口")
            }
        case let storage as StorageError:
            switch storage {
            case .uniqueViolation:
                return ProblemDetails(status: 409, title: "Conflict", detail: "记录已存在（编码重复）")
            case .foreignKeyViolation:
                return ProblemDetails(status: 409, title: "Conflict", detail: "引用的记录不存在，或记录仍被其他数据引用")
            default:
                return nil
            }
        default:
            return nil
        }
    }
}

/// What a request carries into the handlers: who asks, from where, under which request id.
///
/// A task-local, because the generated OpenAPI handlers receive no framework context;
/// the HTTP middleware sets it around each request.
public struct RequestScope: Sendable {
    public var identity: Identity?
    public var client: String
    public var requestID: String
    /// A kiosk's device token, from the API's bearer header or the kiosk page's cookie
    /// (checked by ``KioskService/admit(token:hall:)`` where a kiosk is needed).
    public var kioskToken: String?
    /// A signed-in citizen (their own token or cookie); never at once with a staff identity on
    /// the API, where one bearer token is one or the other.
    public var citizen: CitizenIdentity?

    public init(identity: Identity?, client: String, requestID: String, kioskToken: String? = nil, citizen: CitizenIdentity? = nil) {
        self.citizen = citizen
        self.identity = identity
        self.client = client
        self.requestID = requestID
        self.kioskToken = kioskToken
    }

    @TaskLocal public static var current = RequestScope(identity: nil, client: "", requestID: "")

    /// The signed-in identity, if it has `permission`; throws 401 or 403 otherwise.
    public static func require(_ permission: Permission) throws -> Identity {
        guard let identity = current.identity else { throw AuthError.unauthenticated }
        try identity.require(permission)
        return identity
    }

    /// The signed-in citizen; throws 401 otherwise (a staff token included).
    public static func requireCitizen() throws -> CitizenIdentity {
        guard let citizen = current.citizen else {
            throw ProblemDetails(status: 401, title: "Unauthorized", detail: "请先用手机号码和验证码登录", type: "/problems/citizen-sign-in")
        }
        return citizen
    }

    /// The signed-in identity, whatever its role; throws 401 when signed out.
    public static func requireSignedIn() throws -> Identity {
        guard let identity = current.identity else { throw AuthError.unauthenticated }
        return identity
    }

    public var actor: AuditActor {
        identity?.actor(client: client) ?? AuditActor(accountID: nil, name: "anonymous", client: client)
    }
}
