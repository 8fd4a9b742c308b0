package cn.wenming.report;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

/**
 * An upload over the limit fails before any controller runs; the phone gets the Chinese "too
 * large" page with 413 instead of an empty error response, and an Open311 client the spec's error
 * list (written by {@link Open311Errors} on {@code sendError}).
 */
@ControllerAdvice
class UploadLimitAdvice {

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ModelAndView tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (Open311Errors.covers(request.getRequestURI())) {
            response.sendError(HttpStatus.PAYLOAD_TOO_LARGE.value());
            return null;
        }
        return new ModelAndView("error/4xx", Map.of("status", 413), HttpStatus.PAYLOAD_TOO_LARGE);
    }
}
