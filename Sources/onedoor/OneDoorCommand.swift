import ArgumentParser

@main
struct OneDoorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "onedoor",
        abstract: "OneDoor 一门式政务服务平台",
        subcommands: [Serve.self, Migrate.self, ImportCatalog.self, ExportCatalog.self, CreateUser.self, CalendarCommand.self, QRCommand.self, LicenceCommand.self, AuditCommand.self, BenchCommand.self, SeedCases.self, SeedTickets.self, SeedPeople.self, SimulateStaffing.self],
        defaultSubcommand: Serve.self
    )
}
