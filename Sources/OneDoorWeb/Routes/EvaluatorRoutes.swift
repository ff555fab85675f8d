import HTTPTypes
import Hummingbird
import OneDoorCore
import OneDoorServices

/// The window's evaluator (一次一评, issue 18 §1): a device of the hall registered like its
/// kiosks, facing the citizen at one window.
extension OneDoorWeb {
    func registerEvaluators<Context: RequestContext>(on router: Router<Context>) {
        router.get(SiteURL.windowEvaluator(.key, .key).route) { _, context in
            let (hall, window) = try evaluatorWindow(context)
            guard try await kiosks.kiosk(token: RequestScope.current.kioskToken, hall: hall.code) != nil else {
                return try pages.render("kiosk-register", KioskRegisterPage(hall: hall), status: .unauthorized)
            }
            return try pages.render("window-evaluator", WindowEvaluatorPage(hall: hall, window: window,
                                                                            evaluation: try await services.ratings.evaluator(hall: hall.code, window: window)),
                                    headers: [.cacheControl: "no-store"])
        }
        router.post(SiteURL.windowEvaluator(.key, .key).route) { request, context in
            let (hall, window) = try evaluatorWindow(context)
            let form = try await formData(request, context)
            // The device's own token stands for a sign-in (as at the hall's kiosks), at a device's pace.
            do {
                _ = try await kiosks.admit(token: RequestScope.current.kioskToken, hall: hall.code)
            } catch is KioskError {
                return try pages.render("kiosk-register", KioskRegisterPage(hall: hall), status: .unauthorized)
            }
            let input = RatingInput(level: form["level"].flatMap(Int.init) ?? 0, reasons: form.all("reason"), channel: .window)
            let evaluation = try await services.ratings.evaluator(hall: hall.code, window: window)
            do {
                _ = try await services.ratings.rateTicket(form["ticket"] ?? "", hall: hall.code, window: window, input)
                return try pages.render("window-evaluator", WindowEvaluatorPage(hall: hall, window: window, evaluation: evaluation, thanks: true),
                                        headers: [.cacheControl: "no-store"])
            } catch let failed as ValidationFailed {
                return try pages.render("window-evaluator", WindowEvaluatorPage(hall: hall, window: window, evaluation: evaluation, form: form,
                                                                                problems: failed.problems),
                                        status: .unprocessableContent, headers: [.cacheControl: "no-store"])
            }
        }
    }

    private func evaluatorWindow(_ context: some RequestContext) throws -> (Hall, WindowNumber) {
        let hall = try queues.hall(try ProblemDetails.hallCode(context.parameters.require("code")))
        let number = WindowNumber(rawValue: String(try context.parameters.require("window").prefix(10)))
        guard catalog.snapshot.organisation.windows.contains(where: { $0.hall == hall.code && $0.number == number }) else {
            throw ProblemDetails.notFound("\(hall.name)没有该窗口")
        }
        return (hall, number)
    }
}
