import OneDoorCore
import OneDoorServices

/// Everything the server needs to start, from flags, the environment and an optional file
/// (the `onedoor` command resolves them; docs/configuration.md lists every setting).
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Where the embedded database and other files live.
    public var dataDirectory: String
    /// `postgres://…` to use PostgreSQL instead of the embedded SQLite file.
    public var databaseURL: String?
    /// Load the demo district into an empty database.
    public var demo: Bool
    /// bcrypt cost for new password hashes.
    public var bcryptCost: UInt8
    /// Send cookies with `Secure` (behind HTTPS in production).
    public var secureCookies: Bool
    /// The address the public reaches the platform at, for the QR codes on notices; when nil,
    /// the address each request came to.
    public var publicBaseURL: String?
    /// Public progress lookups allowed per client address per minute (raise it for load tests).
    public var progressLookupsPerMinute = 30
    /// A case turns yellow when less than this share of its promised limit is left (or one working day).
    public var yellowShare = 0.2
    /// Ticket limits, the elderly lane's age and how priority tickets interleave.
    public var ticketPolicy = TicketPolicy()
    /// Slot length and capacity, how far ahead one may book, the open-per-person limit and the
    /// check-in grace.
    public var appointmentPolicy = AppointmentPolicy()
    /// Reads of personal data (case views, applicant look-ups) one account may make per minute
    /// before it is stopped and flagged (raise it for checks that read every case).
    public var personalReadsPerMinute = 60
    /// Tickets and check-ins one kiosk may give per minute (raise it for load tests).
    public var kioskCallsPerMinute = 60
    /// Who is told of 电子监察's alerts (ADR 0048): mobile numbers and e-mail addresses; none by default.
    public var supervisionAlerts: [String] = []
    /// How long 电子监察's overview is shared between requests, in seconds; 0 for benchmarks.
    public var overviewSeconds: Int64 = 5
    /// Appointment bookings, cancellations and moves per client address per minute.
    public var appointmentChangesPerMinute = 20
    /// Give out tickets at any hour (demonstrations, load tests and browser tests at night);
    /// holidays and opening hours are enforced otherwise.
    public var ignoreOpeningHours = false
    /// Addresses of the reverse proxies whose `X-Forwarded-For` names the client (none: the
    /// socket's peer is the client).
    public var trustedProxies: Set<String> = []
    /// A bearer token that opens `/metrics` to other machines; without it, only this machine
    /// (loopback) reads the metrics.
    public var metricsToken: String?
    /// The SMS provider's HTTP API; nil: SMS stay in the built-in outbox (ADR 0023).
    public var smsGateway: SMSGatewayConfiguration?
    /// The mail server; nil: e-mail stays in the built-in outbox.
    public var email: EmailConfiguration?
    /// Citizens' sign-in codes: lifetime, tries, per-phone and per-client limits.
    public var citizenCodes = SignInCodePolicy()
    /// Sizes and numbers of uploaded files (20 MB a file, 100 MB a request).
    public var uploadPolicy = UploadPolicy()
    /// The provincial identity provider citizens may sign in through; nil: codes only (ADR 0028).
    public var oidc: OIDCConfiguration?
    /// Working days the hall has to pre-review an online application (default 1).
    public var preReviewDays = 1
    /// Where uploaded files live (ADR 0030): files under the data directory, or in the database
    /// (several servers on one PostgreSQL without a shared disk).
    public var filesInDatabase = false
    /// Quiet hours and retry backoff of the outbox.
    public var dispatchPolicy = DispatchPolicy()
    /// Messages one dispatcher sends at once.
    public var dispatchParallel = 16
    /// Largest request body, except catalogue imports.
    public var maximumBodySize: Int
    /// Largest catalogue import.
    public var maximumImportSize: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = "./onedoor-data", databaseURL: String? = nil,
        demo: Bool = false, bcryptCost: UInt8 = 12, secureCookies: Bool = false,
        maximumBodySize: Int = 1 << 20, maximumImportSize: Int = 32 << 20
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.demo = demo
        self.bcryptCost = bcryptCost
        self.secureCookies = secureCookies
        self.maximumBodySize = maximumBodySize
        self.maximumImportSize = maximumImportSize
    }
}
