package cn.wenming.ask;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/ask?q=…}: the same answer a resident would get in chat, as JSON. */
@RestController
class AskController {

    static final int MAX_QUESTION_CHARS = 500;

    private final AskService ask;

    AskController(AskService ask) {
        this.ask = ask;
    }

    @GetMapping("/api/ask")
    ResponseEntity<?> ask(@RequestParam(name = "q", required = false) String q) {
        if (q == null || q.isBlank()) {
            return badRequest("empty_question", "Parameter q is required: the question to ask.");
        }
        if (q.codePointCount(0, q.length()) > MAX_QUESTION_CHARS) {
            return badRequest("question_too_long", "Parameter q may be at most " + MAX_QUESTION_CHARS + " characters.");
        }
        return ResponseEntity.ok(ask.ask(q, null));
    }

    private static ResponseEntity<Map<String, String>> badRequest(String error, String message) {
        return ResponseEntity.badRequest().body(Map.of("error", error, "message", message));
    }
}
