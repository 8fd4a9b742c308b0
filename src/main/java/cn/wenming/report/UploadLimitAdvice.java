package cn.wenming.report;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

/**
 * An upload over the limit fails before any controller runs; the phone gets the Chinese "too
 * large" page with 413 instead of an empty error response.
 */
@ControllerAdvice
class UploadLimitAdvice {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ModelAndView tooLarge() {
        return new ModelAndView("error/4xx", Map.of("status", 413), HttpStatus.PAYLOAD_TOO_LARGE);
    }
}
