package cn.wenming.report;

import cn.wenming.core.CityTime;
import cn.wenming.core.InputLimits;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The public board: no sign-in, nothing that points to a reporter (see {@link ReportBoard}). */
@Controller
class ReportBoardController {

    private static final int RECENT = 20;

    private final ReportBoard board;
    private final PhotoStore photos;

    ReportBoardController(ReportBoard board, PhotoStore photos) {
        this.board = board;
        this.photos = photos;
    }

    @GetMapping("/h5/board")
    String board(@RequestParam(required = false) String month, Model model) {
        YearMonth current = YearMonth.now(CityTime.ZONE);
        // The list of record is last month's, complete; this month so far is one click away.
        YearMonth shown = parse(month).filter(m -> !m.isAfter(current)).orElse(current.minusMonths(1));
        model.addAttribute("items", board.recent(RECENT));
        model.addAttribute("ranking", board.ranking(shown));
        model.addAttribute("monthLabel", shown.getYear() + "年" + shown.getMonthValue() + "月"
                + (shown.equals(current) ? "（截至" + LocalDate.now(CityTime.ZONE).getDayOfMonth() + "日）" : ""));
        model.addAttribute("previousMonth", shown.minusMonths(1).toString());
        model.addAttribute("nextMonth", shown.isBefore(current) ? shown.plusMonths(1).toString() : null);
        return "report/board";
    }

    /** A before/after photo of a handled report in a category that publishes photos; 404 otherwise. */
    @GetMapping("/h5/board/photos/{id}")
    ResponseEntity<byte[]> photo(@PathVariable String id) throws IOException {
        Optional<ReportBoard.PhotoFile> file = board.publishedPhoto(id);
        if (file.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        // Short public caching: a report sent back for rework (发回重办) leaves the board within minutes.
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(file.get().contentType()))
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(photos.read(file.get().sha256()));
    }

    /** Unreadable: the default month; a month no report can have (-999999999-01): a 400, not a month before it. */
    private static Optional<YearMonth> parse(String month) {
        return InputLimits.month(month);
    }
}
