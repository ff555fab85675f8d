import OneDoorServices
import OneDoorStorage

/// The database of a load-test seeder: migrated, with the demo district loaded when empty (its
/// accounts printed, as `serve --demo` does), and the services seeders build on.
struct DemoDatabase {
    let database: any SQLDatabase
    let catalog: CatalogService
    let calendar: CalendarService
    let auth: AuthService
    let clock = SystemClock()

    init(_ settings: Settings) async throws {
        let configuration = try settings.resolve()
        (database, _) = try settings.openDatabase(configuration, logger: settings.logger())
        try await Migrator.migrate(database)
        catalog = CatalogService(repository: CatalogRepository(database: database), clock: clock)
        calendar = CalendarService(repository: CalendarRepository(database: database), clock: clock)
        try await catalog.reload()
        try await calendar.reload()
        auth = AuthService(accounts: AccountRepository(database: database), clock: clock, bcryptCost: configuration.bcryptCost)
        for account in try await DemoData.seed(catalog: catalog, auth: auth) {
            print("演示账号 \(account.username) \(account.password)  \(account.description)")
        }
    }
}
