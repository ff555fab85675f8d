import OneDoorCore
import OneDoorStorage

extension QueueService {
    /// One of a citizen's tickets today, with how many are called before it.
    public struct MyTicket: Sendable {
        public var ticket: Ticket
        public var hallName: String
        public var queueName: String
        public var ahead: Int
    }

    /// The citizen's tickets of today in any hall (我的). Tickets are taken in a real name, so
    /// only an account a clerk has verified sees those under its ID; any other sees none.
    public func myTickets(by identity: CitizenIdentity) async throws -> [MyTicket] {
        guard identity.account.seesWindowCases, let type = identity.account.documentType, let number = identity.account.documentNumber else { return [] }
        let tickets = try await repository.tickets(holder: type.holderKey(number), day: calendar.today)
        var mine: [MyTicket] = []
        for ticket in tickets {
            let queues = (try? await queues(hall: ticket.hall)) ?? []
            mine.append(MyTicket(ticket: ticket, hallName: catalog.snapshot.hallsByCode[ticket.hall]?.name ?? ticket.hall.rawValue,
                                 queueName: queues.first { $0.code == ticket.queue }?.name ?? ticket.queue.rawValue,
                                 ahead: try await repository.ahead(of: ticket)))
        }
        return mine
    }
}

extension AppointmentService {
    /// The citizen's bookings from today on, in any hall (我的): a verified account only, as tickets.
    public func myAppointments(by identity: CitizenIdentity) async throws -> [Appointment] {
        guard identity.account.seesWindowCases, let type = identity.account.documentType, let number = identity.account.documentNumber else { return [] }
        return try await repository.upcoming(holder: type.holderKey(number), from: calendar.today)
    }
}
