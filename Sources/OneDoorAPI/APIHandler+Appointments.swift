import Foundation
import OneDoorCore
import OneDoorServices

extension APIHandler {
    var appointments: AppointmentService { services.appointments }

    func listAppointmentSlots(_ input: Operations.ListAppointmentSlots.Input) async throws -> Operations.ListAppointmentSlots.Output {
        let hall = try queues.hall(try ProblemDetails.hallCode(input.path.code))
        guard let day = CivilDate(input.query.day) else { throw ValidationFailed([ValidationProblem(path: "day", reason: "日期应为 YYYY-MM-DD")]) }
        let slots = try await appointments.availability(hall: hall.code, queue: QueueCode(rawValue: input.query.queue), day: day)
        return .ok(.init(body: .json(.init(
            hall: hall.code.rawValue, queue: input.query.queue, day: day.description, isOpen: !slots.isEmpty,
            slots: slots.map { .init(start: AppointmentSlot.clock($0.slot.start), end: AppointmentSlot.clock($0.slot.end), capacity: $0.capacity,
                                     remaining: $0.remaining, bookable: $0.isBookable) }
        ))))
    }

    func listAppointments(_ input: Operations.ListAppointments.Input) async throws -> Operations.ListAppointments.Output {
        let identity = try RequestScope.requireSignedIn()
        guard let day = CivilDate(input.query.day) else { throw ValidationFailed([ValidationProblem(path: "day", reason: "日期应为 YYYY-MM-DD")]) }
        let list = try await appointments.appointments(hall: try ProblemDetails.hallCode(input.path.code), day: day, by: identity)
        return .ok(.init(body: .json(.init(items: try await list.asyncMap(appointment)))))
    }

    func bookAppointment(_ input: Operations.BookAppointment.Input) async throws -> Operations.BookAppointment.Output {
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let request = AppointmentRequest(
            queue: QueueCode(rawValue: body.queue), day: body.day, start: body.start, documentType: try APIEnums.appointmentDocument.core(body.documentType),
            documentNumber: body.documentNumber, phone: body.phone ?? ""
        )
        return .created(.init(body: .json(try await appointment(try await appointments.book(hall: try ProblemDetails.hallCode(input.path.code), request, client: RequestScope.current.client)))))
    }

    func checkInAppointment(_ input: Operations.CheckInAppointment.Input) async throws -> Operations.CheckInAppointment.Output {
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let kiosk = try await services.kiosks.admit(token: RequestScope.current.kioskToken, hall: try ProblemDetails.hallCode(input.path.code))
        let status = try await appointments.checkIn(
            hall: try ProblemDetails.hallCode(input.path.code), documentType: try APIEnums.checkInDocument.core(body.documentType), documentNumber: body.documentNumber, at: kiosk
        )
        return .created(.init(body: .json(try Convert.ticket(status))))
    }

    func getAppointment(_ input: Operations.GetAppointment.Input) async throws -> Operations.GetAppointment.Output {
        guard let found = try await appointments.appointment(id: input.path.id) else { throw ProblemDetails.notFound("预约不存在，请核对预约编号") }
        return .ok(.init(body: .json(try await appointment(found))))
    }

    func cancelAppointment(_ input: Operations.CancelAppointment.Input) async throws -> Operations.CancelAppointment.Output {
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let cancelled = try await appointments.cancel(id: input.path.id, documentNumber: body.documentNumber, client: RequestScope.current.client)
        return .ok(.init(body: .json(try await appointment(cancelled))))
    }

    func rescheduleAppointment(_ input: Operations.RescheduleAppointment.Input) async throws -> Operations.RescheduleAppointment.Output {
        guard case .json(let body) = input.body else { throw ProblemDetails.badRequest("请求体应为 JSON") }
        let moved = try await appointments.reschedule(id: input.path.id, documentNumber: body.documentNumber, day: body.day, start: body.start, client: RequestScope.current.client)
        return .ok(.init(body: .json(try await appointment(moved))))
    }

    /// The appointment as the API shows it, with its hall's and queue's names.
    func appointment(_ a: Appointment) async throws -> Components.Schemas.Appointment {
        let names = try await appointments.names(of: a)
        let grace = Int64(appointments.policy.graceMinutes * 60)
        return .init(
            id: a.id, hall: a.hall.rawValue, hallName: names.hall, queue: a.queue.rawValue, queueName: names.queue, day: a.slot.day.description,
            start: AppointmentSlot.clock(a.slot.start), end: AppointmentSlot.clock(a.slot.end), state: try APIEnums.appointmentState.api(a.state),
            stateLabel: a.state.label, documentType: a.documentType.rawValue, documentNumberMasked: a.maskedDocumentNumber,
            bookedAt: Convert.date(a.bookedAt), ticket: a.ticket,
            checkInFrom: Convert.date(a.slot.epoch(a.slot.start) - grace), checkInUntil: Convert.date(a.slot.epoch(a.slot.start) + grace)
        )
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
