import Foundation
import Hummingbird
import OneDoorCore
import OneDoorServices

/// Booking online (在线预约), the appointment's own page with cancel and reschedule, and the
/// kiosk's check-in (预约签到).
extension OneDoorWeb {
    var appointments: AppointmentService { services.appointments }

    func registerAppointments<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.hallAppointments(.key).route) { request, context in
            let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
            let q = request.uri.queryParameters
            return try await bookingPage(hall, queue: q["queue"].map(String.init), day: q["day"].map(String.init), form: nil)
        }
        router.post(SiteURL.hallAppointments(.key).route) { request, context in
            let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
            let form = try await formData(request, context)
            var c = ProblemCollector()
            let documentType = form.choice("documentType", as: DocumentType.self, label: "证件类型", into: &c)
            let booking = AppointmentRequest(
                queue: QueueCode(rawValue: form["queue"] ?? ""), day: form["day"] ?? "", start: form["start"] ?? "",
                documentType: documentType ?? .residentID, documentNumber: form["documentNumber"] ?? "", phone: form["phone"] ?? ""
            )
            do {
                if !c.problems.isEmpty { throw ValidationFailed(c.problems) }
                let booked = try await appointments.book(hall: hall.code, booking, client: RequestScope.current.client)
                return Response(status: .seeOther, headers: [.location: SiteURL.appointment(.value(booked.id)).path(["done": "booked"])])
            } catch let failed as ValidationFailed {
                return try await bookingPage(hall, queue: booking.queue.rawValue, day: booking.day, form: form, problems: failed.problems, status: .unprocessableContent)
            } catch let error where ProblemDetails.from(error)?.status == 409 {
                return try await bookingPage(hall, queue: booking.queue.rawValue, day: booking.day, form: form, message: ProblemDetails.from(error)!.detail, status: .conflict)
            }
        }
        router.get(SiteURL.appointment(.key).route) { request, context in
            let q = request.uri.queryParameters
            let done = q["done"].flatMap { ["booked": "预约成功，请记下预约编号或保存本页。", "cancelled": "预约已取消。", "moved": "已改约到新的时段。"][String($0)] }
            return try await appointmentPage(try context.parameters.require("id"), request: request, day: q["day"].map(String.init), done: done)
        }
        router.post(SiteURL.appointmentCancel(.key).route) { request, context in
            let id = try context.parameters.require("id")
            let form = try await formData(request, context)
            do {
                _ = try await appointments.cancel(id: id, documentNumber: form["documentNumber"] ?? "", client: RequestScope.current.client)
                return Response(status: .seeOther, headers: [.location: SiteURL.appointment(.value(id)).path(["done": "cancelled"])])
            } catch let error where ProblemDetails.from(error).map({ [404, 409, 429].contains($0.status) }) == true {
                let problem = ProblemDetails.from(error)!
                return try await appointmentPage(id, request: request, day: nil, error: problem.detail, status: .init(code: problem.status))
            }
        }
        router.post(SiteURL.appointmentReschedule(.key).route) { request, context in
            let id = try context.parameters.require("id")
            let form = try await formData(request, context)
            do {
                _ = try await appointments.reschedule(id: id, documentNumber: form["documentNumber"] ?? "", day: form["day"] ?? "",
                                                      start: form["start"] ?? "", client: RequestScope.current.client)
                return Response(status: .seeOther, headers: [.location: SiteURL.appointment(.value(id)).path(["done": "moved"])])
            } catch let failed as ValidationFailed {
                return try await appointmentPage(id, request: request, day: form["day"], problems: failed.problems, status: .unprocessableContent)
            } catch let error where ProblemDetails.from(error).map({ [404, 409, 429].contains($0.status) }) == true {
                let problem = ProblemDetails.from(error)!
                return try await appointmentPage(id, request: request, day: form["day"], error: problem.detail, status: .init(code: problem.status))
            }
        }
        router.post(SiteURL.hallKioskCheckIn(.key).route) { request, context in
            let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
            let form = try await formData(request, context)
            let kiosk: Kiosk
            do {
                kiosk = try await kiosks.admit(token: RequestScope.current.kioskToken, hall: hall.code)
            } catch is KioskError {
                return try pages.render("kiosk-register", KioskRegisterPage(hall: hall), status: .unauthorized)
            }
            do {
                let status = try await appointments.checkIn(
                    hall: hall.code, documentType: try form.choice("documentType", as: DocumentType.self, label: "证件类型"),
                    documentNumber: form["documentNumber"] ?? "", at: kiosk
                )
                return Response(status: .seeOther, headers: [.location: SiteURL.ticket(.value(status.ticket.id)).path(["print": "1", "kiosk": "1"])])
            } catch let failed as ValidationFailed {
                return try pages.render("kiosk", KioskPage(hall: hall, queues: try await queues.overview(hall: hall.code), form: form,
                                                           problems: failed.problems, message: nil), status: .unprocessableContent)
            } catch let error where ProblemDetails.from(error)?.status == 409 {
                return try pages.render("kiosk", KioskPage(hall: hall, queues: try await queues.overview(hall: hall.code), form: form,
                                                           problems: [], message: ProblemDetails.from(error)!.detail), status: .conflict)
            }
        }
    }

    private func bookingPage(
        _ hall: Hall, queue: String?, day: String?, form: FormData?, problems: [ValidationProblem] = [], message: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let hallQueues = try await queues.queues(hall: hall.code)
        guard let chosen = hallQueues.first(where: { $0.code.rawValue == queue }) ?? hallQueues.first else {
            throw ProblemDetails.notFound("本服务中心没有可预约的业务")
        }
        let days = try appointments.days(hall: hall.code)
        let date = day.flatMap(CivilDate.init) ?? days.first(where: \.isOpen)?.day
        var slots: [SlotAvailability] = []
        if let date { slots = try await appointments.availability(hall: hall.code, queue: chosen.code, day: date) }
        let policy = appointments.policy
        return try pages.render("appointments", AppointmentBookingPage(
            hallCode: hall.code, hallName: hall.name,
            queues: hallQueues.map { SelectOption(code: $0.code.rawValue, name: $0.name, selected: $0.code == chosen.code) },
            queue: chosen.code.rawValue, queueName: chosen.name,
            picker: SlotPicker(days: days, chosen: date, slots: slots, selected: form?["start"]) { SiteURL.hallAppointments(.value(hall.code)).path(["queue": chosen.code.rawValue, "day": $0.description]) },
            documentTypes: SelectOption.documentTypes(selected: form?["documentType"] ?? DocumentType.residentID.rawValue),
            documentNumber: form?["documentNumber"] ?? "", phone: form?["phone"] ?? "", problems: problems.map(ValidationProblemRow.init), hasProblems: !problems.isEmpty,
            message: message,
            policy: "可预约 \(policy.bookingDays) 天内的时段，每人最多同时持有 \(policy.openPerPerson) 个未办理的预约。"
        ), status: status)
    }

    private func appointmentPage(
        _ id: String, request: Request, day: String?, done: String? = nil, error: String? = nil, problems: [ValidationProblem] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let appointment = try await appointments.appointment(id: id) else { throw ProblemDetails.notFound("预约不存在，请核对预约编号") }
        let names = try await appointments.names(of: appointment)
        let url = try publicBaseURL(request) + SiteURL.appointment(.value(id)).path
        var page = AppointmentPage(
            appointment, hallName: names.hall, queueName: names.queue, now: queues.now(), policy: appointments.policy, pageURL: url,
            qrSVG: try QRCode(text: url).svg(moduleSize: 3, title: "扫码查看预约")
        )
        if page.changeable {
            let date = day.flatMap(CivilDate.init) ?? appointment.slot.day
            let slots = try await appointments.availability(hall: appointment.hall, queue: appointment.queue, day: date)
            page.picker = SlotPicker(days: try appointments.days(hall: appointment.hall), chosen: date, slots: slots, selected: nil) { SiteURL.appointment(.value(id)).path(["day": $0.description]) }
        }
        page.done = done
        page.error = error
        page.problems = problems.map(ValidationProblemRow.init)
        page.hasProblems = !problems.isEmpty
        return try pages.render("appointment", page, status: status)
    }
}
