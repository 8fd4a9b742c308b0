package cn.wenming.quiz;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Certificates open from the chat link without signing in: the link's signature is the key. */
@RestController
class QuizH5Controller {

    private final Certificates certificates;

    QuizH5Controller(Certificates certificates) {
        this.certificates = certificates;
    }

    @GetMapping("/h5/quiz/certificate/{roundId}.png")
    ResponseEntity<byte[]> certificate(@PathVariable long roundId, @RequestParam(required = false) String sig) {
        return certificates.png(roundId, sig)
                .map(png -> ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                        .cacheControl(CacheControl.noCache().cachePrivate()).body(png))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }
}
