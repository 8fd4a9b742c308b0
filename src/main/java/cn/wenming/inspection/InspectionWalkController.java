package cn.wenming.inspection;

import cn.wenming.console.Staff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * An inspector at a point: the checklist on a phone, and its submission. The page keeps unsent marks
 * and photos in the browser (IndexedDB) and sends them when the network is back, so the POST answers
 * in JSON and the same draft sent twice is stored once.
 */
@Controller
class InspectionWalkController {

    /** Photos per item, and in all for one point (a phone on a weak network sends them in one request). */
    static final int MAX_PHOTOS_PER_ITEM = 3;

    private final InspectionRepository repository;
    private final InspectionRounds rounds;
    private final PointLibrary library;
    private final Checklists checklists;

    InspectionWalkController(InspectionRepository repository, InspectionRounds rounds, PointLibrary library,
            Checklists checklists) {
        this.repository = repository;
        this.rounds = rounds;
        this.library = library;
        this.checklists = checklists;
    }

    @GetMapping("/console/inspection/rounds/{id}/points/{code}")
    String checklist(@PathVariable long id, @PathVariable String code, Model model) {
        InspectionRepository.Round round = repository.round(id).orElseThrow(InspectionConsoleController::notFound);
        InspectionRepository.Visit visit = repository.visit(id, code).orElseThrow(InspectionConsoleController::notFound);
        Point point = library.find(code).orElseThrow(InspectionConsoleController::notFound);
        model.addAttribute("round", round);
        model.addAttribute("visit", visit);
        model.addAttribute("point", point);
        model.addAttribute("type", checklists.find(point.typeCode()).orElseThrow());
        model.addAttribute("marks", visit.done() ? repository.marks(id, code) : List.of());
        model.addAttribute("maxPhotos", MAX_PHOTOS_PER_ITEM);
        return "inspection/checklist";
    }

    /** What the page's script gets back: stored (with the tickets its 不合格 items became) or why not. */
    record Answer(boolean stored, boolean repeated, String score, String passRate, List<String> tickets,
            String message) {
    }

    @PostMapping(path = "/console/inspection/rounds/{id}/points/{code}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Answer> submit(@PathVariable long id, @PathVariable String code,
            @RequestParam(defaultValue = "") String submission, MultipartHttpServletRequest request) {
        Map<String, InspectionRounds.MarkInput> marks;
        try {
            marks = marks(request.getParameterMap(), request.getMultiFileMap());
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(refusal(e.getMessage()));
        }
        InspectionRounds.Outcome outcome = rounds.submit(id, code, submission, marks, Staff.current().orElseThrow());
        if (outcome instanceof InspectionRounds.Outcome.Stored s) {
            return ResponseEntity.ok(new Answer(true, s.repeated(), text(s.tally().score()),
                    text(s.tally().passRate()), s.tickets(), s.repeated() ? "此前已提交，未重复记录。" : "已提交。"));
        }
        InspectionRounds.Outcome.Refused r = (InspectionRounds.Outcome.Refused) outcome;
        return ResponseEntity.status(r.conflict() ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST)
                .body(refusal(r.message()));
    }

    /**
     * Scanned at the point by an inspector: the checklist of the newest open round that still has this
     * point to do, or the point's page when no round is waiting for it.
     */
    @GetMapping("/console/inspection/points/{code}/open")
    String open(@PathVariable String code) {
        library.find(code).orElseThrow(InspectionConsoleController::notFound);
        return repository.openRoundWaitingFor(code)
                .map(round -> "redirect:/console/inspection/rounds/" + round + "/points/" + code)
                .orElse("redirect:/console/inspection/points?code=" + code);
    }

    /** Fields {@code result.CODE}, {@code count.CODE}, {@code note.CODE} and files {@code photo.CODE}. */
    private static Map<String, InspectionRounds.MarkInput> marks(Map<String, String[]> fields,
            MultiValueMap<String, MultipartFile> files) {
        Map<String, InspectionRounds.MarkInput> marks = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> field : fields.entrySet()) {
            if (!field.getKey().startsWith("result.")) {
                continue;
            }
            String item = field.getKey().substring("result.".length());
            InspectionScores.Result result;
            try {
                result = InspectionScores.Result.valueOf(field.getValue()[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("条目" + item + "的评定无效。");
            }
            String count = first(fields.get("count." + item));
            Integer counted;
            try {
                counted = count == null || count.isBlank() ? null : Integer.valueOf(count.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("条目" + item + "的数量请填整数。");
            }
            List<MultipartFile> uploads = files.getOrDefault("photo." + item, List.of()).stream()
                    .filter(f -> !f.isEmpty()).toList();
            if (uploads.size() > MAX_PHOTOS_PER_ITEM) {
                throw new IllegalArgumentException("每个条目最多" + MAX_PHOTOS_PER_ITEM + "张照片。");
            }
            List<byte[]> photos = new ArrayList<>();
            for (MultipartFile upload : uploads) {
                try {
                    photos.add(upload.getBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            marks.put(item, new InspectionRounds.MarkInput(result, counted, first(fields.get("note." + item)), photos));
        }
        return marks;
    }

    private static String first(String[] values) {
        return values == null || values.length == 0 ? null : values[0];
    }

    private static Answer refusal(String message) {
        return new Answer(false, false, null, null, List.of(), message);
    }

    private static String text(java.math.BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
