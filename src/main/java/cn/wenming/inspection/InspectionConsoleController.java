package cn.wenming.inspection;

import cn.wenming.console.Staff;
import cn.wenming.core.Spreadsheets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The 测评 dashboard, rounds (start, walk list, close, printable 通报) and the three ledgers. */
@Controller
class InspectionConsoleController {

    private final InspectionRepository repository;
    private final InspectionRounds rounds;
    private final InspectionFigures figures;
    private final InspectionLedgers ledgers;
    private final PointLibrary library;
    private final Checklists checklists;
    private final InspectionProperties properties;

    InspectionConsoleController(InspectionRepository repository, InspectionRounds rounds, InspectionFigures figures,
            InspectionLedgers ledgers, PointLibrary library, Checklists checklists, InspectionProperties properties) {
        this.repository = repository;
        this.rounds = rounds;
        this.figures = figures;
        this.ledgers = ledgers;
        this.library = library;
        this.checklists = checklists;
        this.properties = properties;
    }

    @GetMapping("/console/inspection")
    String dashboard(@RequestParam(required = false) Long round, Model model) {
        List<InspectionRepository.Round> all = repository.rounds();
        Long shown = round != null ? round : all.stream().findFirst().map(InspectionRepository.Round::id).orElse(null);
        model.addAttribute("rounds", all);
        model.addAttribute("kinds", RoundKind.values());
        model.addAttribute("types", checklists.all());
        model.addAttribute("pointsByType", library.active().stream()
                .collect(Collectors.groupingBy(Point::typeCode)));
        model.addAttribute("figures", shown == null ? null : figures.round(shown).orElse(null));
        List<InspectionFigures.Latest> latest = figures.latest();
        model.addAttribute("map", PointMap.draw(latest, properties.passScore()));
        model.addAttribute("colours", PointMap.Colour.values());
        model.addAttribute("passScore", properties.passScore());
        return "inspection/dashboard";
    }

    @PostMapping("/console/inspection/rounds")
    String start(@RequestParam RoundKind kind, @RequestParam(defaultValue = "") String title,
            @RequestParam(name = "points", required = false) List<String> points, RedirectAttributes redirect) {
        InspectionRounds.Started started = rounds.start(kind, title, points == null ? List.of() : points,
                Staff.current().orElseThrow());
        if (started.problem() != null) {
            redirect.addFlashAttribute("error", started.problem());
            return "redirect:/console/inspection";
        }
        return "redirect:/console/inspection/rounds/" + started.roundId();
    }

    /** The walk list: a phone-size page of the round's points, pending first. */
    @GetMapping("/console/inspection/rounds/{id}")
    String round(@PathVariable long id, Model model) {
        InspectionRepository.Round round = repository.round(id).orElseThrow(InspectionConsoleController::notFound);
        Map<String, Point> points = library.all().stream().collect(Collectors.toMap(Point::code, Function.identity()));
        model.addAttribute("round", round);
        model.addAttribute("visits", repository.visits(id).stream()
                .sorted((a, b) -> Boolean.compare(a.done(), b.done())).toList());
        model.addAttribute("points", points);
        model.addAttribute("typeNames", checklists.names());
        return "inspection/round";
    }

    @PostMapping("/console/inspection/rounds/{id}/close")
    String close(@PathVariable long id) {
        repository.round(id).orElseThrow(InspectionConsoleController::notFound);
        rounds.close(id, Staff.current().orElseThrow());
        return "redirect:/console/inspection?round=" + id;
    }

    /** The 通报 of one round, laid out for printing, with photos before and after 整改. */
    @GetMapping("/console/inspection/rounds/{id}/report")
    String report(@PathVariable long id, Model model) {
        InspectionFigures.RoundFigures round = figures.round(id).orElseThrow(InspectionConsoleController::notFound);
        model.addAttribute("figures", round);
        model.addAttribute("problems", figures.problems().stream().filter(p -> p.round().id() == id).toList());
        model.addAttribute("passScore", properties.passScore());
        return "inspection/report";
    }

    @GetMapping("/console/inspection/ledgers/{name}.xlsx")
    ResponseEntity<byte[]> ledger(@PathVariable String name) {
        InspectionLedgers.Ledger ledger = switch (name) {
            case "points" -> InspectionLedgers.Ledger.POINTS;
            case "problems" -> InspectionLedgers.Ledger.PROBLEMS;
            case "rectifications" -> InspectionLedgers.Ledger.RECTIFICATIONS;
            default -> throw notFound();
        };
        return Spreadsheets.download(ledgers.xlsx(ledger), Spreadsheets.XLSX, ledger.title() + ".xlsx");
    }

    static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
}
